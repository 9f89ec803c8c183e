using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// One server COPY kept open across consecutive data blocks of the same table (a big table is written as many
/// blocks of a few MiB, each with its own <c>COPY … FROM stdin;</c> and <c>\.</c>): the rows of the next block go
/// into the same COPY, so the server starts and ends one COPY per table rather than one per block (psql -f of the
/// 865 MB benchmark archive with its COPYs merged this way: 14.6 instead of 18.0 s of server CPU, medians of 3). Remembers where each block's rows start, so that an error the
/// server reports at the end ("COPY t, line N") is traced back to the block, its file line and its own row number.
/// </summary>
internal sealed partial class OpenCopy
{
    private readonly List<Segment> _segments = [];

    public OpenCopy(NpgsqlCopyTextWriter writer, byte[] statement, string sql)
    {
        Writer = writer;
        Statement = statement;
        Sql = sql;
    }

    /// <summary>The COPY's text writer; rows are written to its raw <see cref="NpgsqlCopyTextWriter.BaseStream"/>.</summary>
    public NpgsqlCopyTextWriter Writer { get; }

    /// <summary>The COPY statement's bytes: a block continues this COPY only when its own statement is the same.</summary>
    public byte[] Statement { get; }

    public string Sql { get; }

    /// <summary>Rows sent so far over all blocks.</summary>
    public long Rows { get; private set; }

    /// <summary>Records that the rows of a block (whose COPY statement is at <paramref name="line"/> of <paramref name="source"/>) follow.</summary>
    public void BeginSegment(string source, long line) => _segments.Add(new Segment(source, line, Rows));

    public void AddRows(long rows) => Rows += rows;

    /// <summary>Source and statement line of the block whose rows were sent last.</summary>
    public (string Source, long Line) LastSegment => (_segments[^1].Source, _segments[^1].Line);

    /// <summary>
    /// The error of a failed merged COPY as the block that holds the bad row would have reported it alone: its
    /// source and statement line, and the server's "COPY t, line N" made relative to that block.
    /// </summary>
    public PgSnapException Failure(Exception ex)
    {
        var segment = _segments[0];
        string? where = null;
        if (ex is PostgresException { Where: { } w } && CopyLine().Match(w) is { Success: true } m
            && long.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            foreach (var s in _segments)
            {
                if (s.RowsBefore < line)
                {
                    segment = s;
                }
            }

            var local = (line - segment.RowsBefore).ToString(CultureInfo.InvariantCulture);
            where = string.Concat(w.AsSpan(0, m.Groups["n"].Index), local, w.AsSpan(m.Groups["n"].Index + m.Groups["n"].Length));
        }

        return StatementFailure.From(ex, segment.Source, segment.Line, Sql, where);
    }

    [GeneratedRegex(@"COPY .+?, line (?<n>[0-9]+)")]
    private static partial Regex CopyLine();

    /// <param name="RowsBefore">Rows of the COPY sent before this block's first row.</param>
    private readonly record struct Segment(string Source, long Line, long RowsBefore);
}
