namespace PgSnap.Dump.Preflight;

/// <summary>Everything the preflight found, and the figures behind the disk-space decision.</summary>
public sealed record PreflightResult
{
    /// <summary>Every problem, blocking ones and warnings, in the order: folder, space, privileges, version.</summary>
    public required IReadOnlyList<PreflightProblem> Problems { get; init; }

    /// <summary>The dump's size estimate (null for a schema-only dump to stdout, when it was not needed).</summary>
    public DumpSizeEstimate? Estimate { get; init; }

    /// <summary>Free bytes in the output folder's filesystem, or null when unknown or not checked (stdout).</summary>
    public long? FreeBytes { get; init; }

    /// <summary>server_version_num, e.g. 150004.</summary>
    public int ServerVersionNum { get; init; }

    /// <summary>The role the checks were made for (current_user).</summary>
    public string Role { get; init; } = "";

    /// <summary>Large objects the dump will copy.</summary>
    public int LargeObjects { get; init; }

    /// <summary>The problems that stop the dump.</summary>
    public IEnumerable<PreflightProblem> Blocking => Problems.Where(p => p.Blocking);

    /// <summary>The problems that are only worth a warning.</summary>
    public IEnumerable<PreflightProblem> Warnings => Problems.Where(p => !p.Blocking);

    public bool Passed => !Problems.Any(p => p.Blocking);

    /// <summary>
    /// One line per problem, for the CLI to print before it goes on or stops: <c>error: …</c> or <c>warning: …</c>,
    /// each followed by its fix when there is one (<c>fix: GRANT SELECT ON TABLE … TO …;</c>).
    /// </summary>
    public IEnumerable<string> ReportLines()
    {
        foreach (var problem in Problems.OrderBy(p => p.Blocking ? 0 : 1))
        {
            yield return (problem.Blocking ? "error: " : "warning: ") + problem.Message;
            if (problem.Blocking && problem.Fix is not null)
            {
                yield return "  fix: " + problem.Fix;
            }
        }
    }

    /// <summary>
    /// Throws <see cref="PgSnapErrorKind.Refused"/> when a blocking problem was found; the message names the first
    /// one and how many there are (callers print the full list from <see cref="Problems"/> first).
    /// </summary>
    public void ThrowIfBlocked()
    {
        var blocking = Blocking.ToList();
        if (blocking.Count == 0)
        {
            return;
        }

        var more = blocking.Count > 1 ? $" (and {blocking.Count - 1} more problem(s))" : string.Empty;
        throw new PgSnapException(PgSnapErrorKind.Refused, $"preflight refused the dump before reading any data: {blocking[0].Message}{more}");
    }
}
