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
        if (Storage.S3.S3Location.IsS3(directory))
        {
            if (archiveDirectory is not null)
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, "--archive-dir moves files between folders: it is not available for an s3:// prefix (use the bucket's lifecycle rules to move objects to another storage class)");
            }

            var found = new List<BackupFile>();
            await ScanPrefixAsync(Storage.S3.S3Location.Parse(directory), env, found, cancellationToken).ConfigureAwait(false);
            return found;
        }

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

    /// <summary>
    /// The objects directly under an s3:// prefix (not in deeper "folders"), listed page by page. Object storage has
    /// no partial files: an object exists only once its upload completed. Each one is still proven complete from its
    /// end, as a file is, before the keep rules may count (and so delete) it.
    /// </summary>
    private static async Task ScanPrefixAsync(Storage.S3.S3Location prefix, string? env, List<BackupFile> files, CancellationToken cancellationToken)
    {
        var client = Storage.S3.S3Http.FromEnvironment();
        await client.EnsureBucketAsync(prefix.Bucket, cancellationToken).ConfigureAwait(false);
        var listed = new List<Storage.S3.S3ObjectInfo>();
        await foreach (var o in client.ListObjectsAsync(prefix.Bucket, prefix.AsPrefix, ct: cancellationToken).ConfigureAwait(false))
        {
            if (!o.Key[prefix.AsPrefix.Length..].Contains('/', StringComparison.Ordinal))
            {
                listed.Add(o);
            }
        }

        foreach (var o in listed.OrderBy(static o => o.Key, StringComparer.Ordinal))
        {
            var location = new Storage.S3.S3Location(prefix.Bucket, o.Key);
            var fileName = location.Name;
            if (fileName.EndsWith(PgSnap.Drill.DrillReport.Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = location.ToString();
            var lastWrite = (o.LastModified ?? DateTimeOffset.UtcNow).UtcDateTime;
            if (!BackupName.TryParse(fileName, out var name))
            {
                files.Add(new BackupFile(path, null, false, BackupCompletion.Incomplete, lastWrite, false, null));
                continue;
            }

            if (env is not null && !string.Equals(name.Env, env, StringComparison.Ordinal))
            {
                continue;
            }

            var completion = await BackupCompleteness.CheckAsync(path, cancellationToken).ConfigureAwait(false);
            var drill = await PgSnap.Drill.DrillReportFile.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
            var notFull = completion == BackupCompletion.PgSnapComplete ? await NotFullAsync(path, name, cancellationToken).ConfigureAwait(false) : null;
            files.Add(new BackupFile(path, name, false, completion, lastWrite, false, drill) { NotFull = notFull });
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
