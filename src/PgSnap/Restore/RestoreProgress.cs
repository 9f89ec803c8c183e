namespace PgSnap.Restore;

/// <summary>A progress snapshot: what has been sent to the server so far.</summary>
/// <param name="Statements">Statements executed.</param>
/// <param name="Rows">COPY rows sent.</param>
/// <param name="Bytes">Uncompressed bytes of the archive consumed.</param>
/// <param name="TotalBytes">Uncompressed size when known (from the manifest), else null.</param>
/// <param name="Elapsed">Time since the restore started.</param>
public sealed record RestoreProgress(long Statements, long Rows, long Bytes, long? TotalBytes, TimeSpan Elapsed);
