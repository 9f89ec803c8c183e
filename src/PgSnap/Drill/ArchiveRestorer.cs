using PgSnap.Connection;

namespace PgSnap.Drill;

/// <summary>
/// Restores the archive at <paramref name="archivePath"/> into the empty database <paramref name="target"/>,
/// throwing a <see cref="PgSnapException"/> when it cannot. The drill takes the restore engine through this
/// delegate so it depends on the operation, not on the engine's construction.
/// </summary>
public delegate Task ArchiveRestorer(string archivePath, ConnectionSpec target, CancellationToken cancellationToken);
