namespace PgSnap.Verify;

/// <summary>What verify requires beyond the archive's own integrity.</summary>
public sealed record VerifyOptions
{
    /// <summary>Tables that must be in the archive, as <c>schema.name</c> (or <c>name</c> for public).</summary>
    public IReadOnlyList<string> RequiredTables { get; init; } = [];

    /// <summary>A required table must also have at least one row.</summary>
    public bool RequireRows { get; init; }
}
