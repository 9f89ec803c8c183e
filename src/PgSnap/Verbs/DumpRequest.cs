using PgSnap.Connection;
using PgSnap.Dump;

namespace PgSnap.Verbs;

/// <summary>What <see cref="DumpVerb.RunAsync"/> is asked to do: <c>pgsnap dump</c>'s arguments, parsed.</summary>
public sealed record DumpRequest
{
    /// <summary>The database to dump.</summary>
    public required ConnectionSpec Source { get; init; }

    /// <summary>Where the archive goes: a file (written as FILE.partial, renamed when complete), a folder, or a stream.</summary>
    public required DumpOutput Output { get; init; }

    /// <summary>What to dump and how (pg_dump's options where the meaning is the same).</summary>
    public DumpOptions Options { get; init; } = new();

    /// <summary>--roles: put the cluster's roles and memberships (never passwords) at the top of pre-data.</summary>
    public bool WithRoles { get; init; }

    /// <summary>--allow-unknown-server: dump a server major outside the known range with a warning instead of refusing.</summary>
    public bool AllowUnknownServer { get; init; }

    /// <summary>
    /// Receives each line of the preflight's report (warnings, and the refusals before the dump is refused), in
    /// order, before any row is read. Null: the lines are dropped; a refusal still throws.
    /// </summary>
    public Action<string>? PreflightReport { get; init; }
}
