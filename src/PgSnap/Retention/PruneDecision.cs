namespace PgSnap.Retention;

/// <summary>The verdict on one file and every reason behind it, in the order the rules gave them.</summary>
/// <param name="Destination">For <see cref="PruneAction.Move"/>: the path the file moves to.</param>
public sealed record PruneDecision(BackupFile File, PruneAction Action, IReadOnlyList<string> Reasons, string? Destination);
