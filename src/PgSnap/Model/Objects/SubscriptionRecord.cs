namespace PgSnap.Model.Objects;

/// <summary>A subscription of the current database (pg_subscription), with its options as the catalog stores them.</summary>
/// <param name="SlotName">subslotname; null when the subscription has no slot (slot_name = NONE).</param>
/// <param name="Streaming">substream: f (off), t (on) or p (parallel, 16+).</param>
/// <param name="TwoPhase">subtwophasestate: d (disabled), p (pending) or e (enabled).</param>
/// <param name="Origin">suborigin: any or none.</param>
/// <param name="SyncCommit">subsynccommit as the catalog stores it (off is the default).</param>
internal sealed record SubscriptionRecord(
    uint Oid,
    string Name,
    string Owner,
    string ConnInfo,
    string? SlotName,
    IReadOnlyList<string> Publications,
    bool Binary,
    char Streaming,
    char TwoPhase,
    bool DisableOnError,
    bool PasswordRequired,
    bool RunAsOwner,
    string Origin,
    bool Failover,
    string SyncCommit,
    Description Description);
