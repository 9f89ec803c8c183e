using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// The checks that apply to a pg_dump plain file (it has no checksums): every statement parsed and ended, every COPY
/// ended with <c>\.</c>, and pg_dump's "dump complete" trailer is last.
/// </summary>
internal static class PgDumpFileChecks
{
    /// <summary>The last comment pg_dump writes; a file without it did not finish.</summary>
    public const string Trailer = "-- PostgreSQL database dump complete";

    public static VerifyReport Check(VerifyState state, ArchiveInput input)
    {
        var problems = new List<VerifyProblem>();
        if (state.StreamError is not null)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = state.StreamError });
        }

        if (!state.PgDumpTrailerSeen)
        {
            problems.Add(new VerifyProblem { Code = "incomplete", Message = $"no \"{Trailer}\" line at the end: the dump did not finish or the file was cut" });
        }

        return new VerifyReport
        {
            Source = input.Source,
            Format = "pg_dump",
            Compression = ArchiveVerifier.CompressionName(input.Compression),
            Complete = state.PgDumpTrailerSeen,
            Statements = state.Statements,
            Tables = VerifyState.Tables(state, null),
            Problems = problems,
        };
    }
}
