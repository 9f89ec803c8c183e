namespace PgSnap.Retention;

/// <summary>
/// Lists the backup folder (and the archive folder, when there is one) into <see cref="BackupFile"/>s:
/// parses names, reads each file's end for completeness and its drill sidecar. Reads only; never changes a file.
/// </summary>
public static class BackupScanner
{
    /// <summary>Scans the top level of <paramref name="directory"/> and of <paramref name="archiveDirectory"/>.</summary>
    /// <param name="env">When set, only files of this env (and files whose name is not recognized) are returned.</param>
    public static async Task<IReadOnlyList<BackupFile>> ScanAsync(string directory, string? archiveDirectory, string? env, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"backup folder '{directory}' does not exist");
        }

        var files = new List<BackupFile>();
        await ScanOneAsync(directory, inArchiveDir: false, env, files, cancellationToken).ConfigureAwait(false);
        if (archiveDirectory is not null && Directory.Exists(archiveDirectory)
            && !SamePath(directory, archiveDirectory))
        {
            await ScanOneAsync(archiveDirectory, inArchiveDir: true, env, files, cancellationToken).ConfigureAwait(false);
        }

        return files;
    }

    private static async Task ScanOneAsync(string directory, bool inArchiveDir, string? env, List<BackupFile> files, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fileName = Path.GetFileName(path);
            if (fileName.EndsWith(PgSnap.Drill.DrillReport.Suffix, StringComparison.Ordinal))
            {
                continue; // a sidecar travels with its archive
            }

            var isPartial = fileName.EndsWith(BackupName.PartialSuffix, StringComparison.Ordinal);
            var baseName = isPartial ? fileName[..^BackupName.PartialSuffix.Length] : fileName;
            var lastWrite = File.GetLastWriteTimeUtc(path);
            if (!BackupName.TryParse(baseName, out var name))
            {
                files.Add(new BackupFile(path, null, isPartial, BackupCompletion.Incomplete, lastWrite, inArchiveDir, null));
                continue;
            }

            if (env is not null && !string.Equals(name.Env, env, StringComparison.Ordinal))
            {
                continue;
            }

            var completion = isPartial
                ? BackupCompletion.Incomplete
                : await BackupCompleteness.CheckAsync(path, cancellationToken).ConfigureAwait(false);
            var drill = isPartial ? null : await PgSnap.Drill.DrillReportFile.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
            var notFull = completion == BackupCompletion.PgSnapComplete ? await NotFullAsync(path, name, cancellationToken).ConfigureAwait(false) : null;
            files.Add(new BackupFile(path, name, isPartial, completion, lastWrite, inArchiveDir, drill) { NotFull = notFull });
        }
    }

    /// <summary>Reads the archive's header for what it holds; a header that cannot be read says nothing.</summary>
    private static async Task<string?> NotFullAsync(string path, BackupName name, CancellationToken cancellationToken)
    {
        try
        {
            var start = await PgSnap.Archive.Reading.ArchiveStart.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            return BackupScope.NotFullReason(name, start.Header);
        }
        catch (Exception ex) when (ex is PgSnapException or IOException or InvalidDataException)
        {
            return null;
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
