using PgSnap.Connection;

namespace PgSnap.Restore.Backup;

/// <summary>
/// Dumps the whole database <paramref name="source"/> into the new file <paramref name="path"/> (gzip), throwing a
/// <see cref="PgSnapException"/> when it cannot. The file must appear under that name only once it is complete.
/// </summary>
public delegate Task SafetyDumper(ConnectionSpec source, string path, CancellationToken cancellationToken);

/// <summary>
/// Proves the archive at <paramref name="path"/> is whole (the verify engine's checks), throwing a
/// <see cref="PgSnapException"/> when it is not.
/// </summary>
public delegate Task BackupVerifier(string path, CancellationToken cancellationToken);
