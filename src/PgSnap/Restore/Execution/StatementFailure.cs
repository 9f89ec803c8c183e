using Npgsql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The one-line error of a statement that failed during a restore (docs/ARCHITECTURE.md, "Errors and exit codes"):
/// where it stands, its first line, SQLSTATE and the server's message, or why the connection was lost. Every path
/// that runs restore statements (one at a time, batched, COPY, merged COPY, --clean's drops) reports this way.
/// </summary>
internal static class StatementFailure
{
    /// <summary>Turns a failed statement into its one-line error.</summary>
    /// <param name="ex">The server's error, or the I/O error that broke the connection.</param>
    /// <param name="source">The input's name (and block) in the message.</param>
    /// <param name="line">The statement's line.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="where">The server's context line to print instead of its own (a merged COPY's, made relative to the block).</param>
    public static PgSnapException From(Exception ex, string source, long line, string sql, string? where = null)
    {
        var head = Head(sql);
        if (ex is PostgresException pg)
        {
            var context = (where ?? pg.Where) is { Length: > 0 } w ? $" ({w.ReplaceLineEndings(" ")})" : string.Empty;
            return new PgSnapException(PgSnapErrorKind.RestoreFailed,
                $"{source}:{line}: {head}: ERROR {pg.SqlState}: {pg.MessageText}{context}", ex)
            { SqlState = pg.SqlState };
        }

        var reason = (ex.InnerException ?? ex).Message.ReplaceLineEndings(" ");
        return new PgSnapException(PgSnapErrorKind.RestoreFailed, $"{source}:{line}: {head}: connection to the server lost or failed: {reason}", ex);
    }

    /// <summary>A statement's first line, at most 120 characters, for messages.</summary>
    public static string Head(string sql)
    {
        var firstLine = sql.AsSpan().TrimStart();
        var nl = firstLine.IndexOfAny('\r', '\n');
        var head = (nl < 0 ? firstLine : firstLine[..nl]).ToString();
        return head.Length > 120 ? string.Concat(head.AsSpan(0, 117), "...") : head;
    }
}
