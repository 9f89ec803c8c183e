namespace PgSnap.Retention;

/// <summary>One file found in a backup folder, with what retention needs to know about it.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Name">The parsed name; null when the file does not follow the naming convention.</param>
/// <param name="IsPartial">A <c>NAME.partial</c> file: a dump that is still being written (or died).</param>
/// <param name="Completion">What the file's end says; always incomplete for partial files.</param>
/// <param name="LastWriteUtc">Last write time, which the grace period of incomplete files counts from.</param>
/// <param name="InArchiveDir">Found in the <c>--archive-dir</c> folder rather than the main one.</param>
/// <param name="Drill">The drill sidecar's verdict, if the archive has one.</param>
public sealed record BackupFile(
    string Path,
    BackupName? Name,
    bool IsPartial,
    BackupCompletion Completion,
    DateTime LastWriteUtc,
    bool InArchiveDir,
    PgSnap.Drill.DrillReport? Drill)
{
    /// <summary>The file name without its folder.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// Why a complete file is not the full backup its name says (<see cref="BackupScope"/>), or null. Such a file is
    /// kept and never counted by the keep rules.
    /// </summary>
    public string? NotFull { get; init; }

    /// <summary>Complete and finished: the files the keep rules consider (those that are also full count).</summary>
    public bool IsComplete => !IsPartial && Completion != BackupCompletion.Incomplete;
}
