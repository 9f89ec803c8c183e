using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Which kind of script is being read (from its first structural comment) and whether its completion marker was
/// seen: the one place that decides whether a script is complete, used by the survey (before anything runs) and by
/// the executor (for input that was not surveyed).
/// </summary>
internal sealed class ScriptCompletion
{
    private static readonly byte[] s_footer = Encoding.ASCII.GetBytes(ArchiveFooter.LinePrefix);
    private bool _formatKnown;

    public ScriptFormat Format { get; private set; } = ScriptFormat.Sql;

    /// <summary>The PgSnap completion marker or pg_dump's "dump complete" trailer was read.</summary>
    public bool SawCompletion { get; private set; }

    /// <summary>False when the format promises a completion marker that never came.</summary>
    public bool IsComplete => Format == ScriptFormat.Sql || SawCompletion;

    /// <summary>Takes one structural comment line.</summary>
    public void OnMarker(ReadOnlySpan<byte> marker)
    {
        if (!_formatKnown)
        {
            _formatKnown = true;
            Format = marker.StartsWith(ArchiveFormat.FirstLineStemUtf8) ? ScriptFormat.PgSnap
                : marker.StartsWith("-- PostgreSQL database dump"u8) ? ScriptFormat.PgDump
                : ScriptFormat.Sql;
        }

        if (marker.StartsWith(s_footer) || marker.StartsWith("-- PostgreSQL database dump complete"u8))
        {
            SawCompletion = true;
        }
    }

    /// <summary>A statement came before any structural comment: the script is plain SQL of unknown origin.</summary>
    public void OnStatement() => _formatKnown = true;

    /// <summary>The error for an incomplete script; <paramref name="consequence"/> says what it left behind.</summary>
    public PgSnapException Incomplete(string source, string consequence)
    {
        var what = Format == ScriptFormat.PgSnap
            ? "it has no completion marker ('-- pgsnap:end complete …'): the dump did not finish or the file is truncated"
            : "it lacks pg_dump's final '-- PostgreSQL database dump complete' line: the file is truncated";
        return new PgSnapException(PgSnapErrorKind.Corrupt, $"{source} is incomplete: {what}; {consequence}");
    }
}
