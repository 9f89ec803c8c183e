using Npgsql;

namespace PgSnap.Dump;

/// <summary>One-line descriptions of what went wrong during a dump, for <see cref="PgSnapException"/> messages.</summary>
internal static class DumpFailure
{
    public static string Describe(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        PgSnapException p => p.Message,
        _ when ex.InnerException is { } inner && ex is NpgsqlException => $"{ex.Message.ReplaceLineEndings(" ")}: {inner.Message.ReplaceLineEndings(" ")}",
        _ => ex.Message.ReplaceLineEndings(" "),
    };
}
