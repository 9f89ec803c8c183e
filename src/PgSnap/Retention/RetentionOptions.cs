namespace PgSnap.Retention;

/// <summary>The keep rules of <c>pgsnap prune</c>, applied per env and per kind.</summary>
public sealed record RetentionOptions
{
    /// <summary>Keep the N newest complete backups.</summary>
    public int KeepLast { get; init; }

    /// <summary>Keep the newest complete backup of each of the last N days that have one (UTC).</summary>
    public int KeepDaily { get; init; }

    /// <summary>Keep the newest complete backup of each of the last N ISO weeks that have one.</summary>
    public int KeepWeekly { get; init; }

    /// <summary>Keep the newest complete backup of each of the last N months that have one.</summary>
    public int KeepMonthly { get; init; }

    /// <summary>Incomplete and partial files younger than this are never touched (a dump may still be writing them).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Delete incomplete files older than <see cref="Grace"/>; otherwise they are kept and reported.</summary>
    public bool DeleteIncomplete { get; init; }

    /// <summary>Where weekly and monthly keepers are moved; null leaves them where they are.</summary>
    public string? ArchiveDirectory { get; init; }

    /// <summary>True when at least one keep rule is set; pruning without any would delete all but the newest.</summary>
    public bool HasKeepRule => KeepLast > 0 || KeepDaily > 0 || KeepWeekly > 0 || KeepMonthly > 0;
}
