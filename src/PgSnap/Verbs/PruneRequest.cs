using PgSnap.Retention;

namespace PgSnap.Verbs;

/// <summary>What <see cref="PruneVerb.RunAsync"/> is asked to do: <c>pgsnap prune</c>'s arguments, parsed.</summary>
public sealed record PruneRequest
{
    /// <summary>The folder of backups named {kind}_{env}_{yyyyMMdd}_{HHmmss}[_{label}].sql[.gz|.lz4|.zst].</summary>
    public required string Directory { get; init; }

    /// <summary>The keep rules, grace period and archive folder.</summary>
    public RetentionOptions Options { get; init; } = new();

    /// <summary>--env: only backups of this env.</summary>
    public string? Env { get; init; }

    /// <summary>--dry-run: decide and report, change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>The time the keep rules count back from; now when null.</summary>
    public DateTime? NowUtc { get; init; }
}
