namespace PgSnap.Archive.Writing;

/// <summary>
/// A file that only appears under its real name once it is complete: it is written as <c>NAME.partial</c>
/// (with direct I/O, or early writeback where that is refused, so the final fsync is short), fsync'd, then renamed. A dump that fails or is cancelled deletes its partial file and never touches an
/// existing file of the final name (docs/ARCHITECTURE.md, "dump").
/// </summary>
public sealed class AtomicFileSink : IArchiveSink
{
    public const string PartialSuffix = ".partial";

    private readonly DurableFileStream _stream;
    private readonly bool _overwrite;
    private bool _committed;

    private AtomicFileSink(string path, DurableFileStream stream, bool overwrite)
    {
        FinalPath = path;
        _stream = stream;
        _overwrite = overwrite;
    }

    public string FinalPath { get; }

    public string PartialPath => FinalPath + PartialSuffix;

    /// <summary>The stream to write the archive to.</summary>
    public Stream Stream => _stream;

    public long BytesStored => _stream.Position;

    /// <summary>
    /// Opens <c><paramref name="path"/>.partial</c>. Refuses (exit code 6) when <paramref name="path"/> exists and
    /// <paramref name="overwrite"/> is false, before anything is written.
    /// </summary>
    public static AtomicFileSink Create(string path, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        EnsureMayWrite(full, overwrite);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"output directory {directory} does not exist");
        }

        try
        {
            // A .partial left by a crashed earlier run is never a backup: it is fine to replace it.
            return new AtomicFileSink(full, DurableFileStream.Create(full + PartialSuffix), overwrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"cannot create {full}{PartialSuffix}: {ex.Message}", ex);
        }
    }

    /// <summary>Throws the "refused" error when <paramref name="path"/> exists and may not be replaced.</summary>
    public static void EnsureMayWrite(string path, bool overwrite)
    {
        if (!overwrite && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"{path} already exists (use --force to replace it)");
        }
    }

    /// <summary>
    /// Flushes, fsyncs and renames the partial file to its final name, then fsyncs the directory so that a crash
    /// cannot lose the new name of a completed backup.
    /// </summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <param name="sync">False for pg_dump's --no-sync: rename without the fsyncs (faster, not crash-safe).</param>
    public async Task CommitAsync(CancellationToken cancellationToken, bool sync = true)
    {
        try
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.FlushToDisk(sync);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // E.g. the disk filled up with the last bytes: the partial file is deleted by DisposeAsync.
            throw ArchiveWriter.WriteFailed(ex);
        }

        try
        {
            EnsureMayWrite(FinalPath, _overwrite);
            File.Move(PartialPath, FinalPath, _overwrite);
        }
        catch (IOException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"cannot rename {PartialPath} to {FinalPath}: {ex.Message}", ex);
        }

        _committed = true;
        try
        {
            if (sync)
            {
                DirectorySync.Flush(Path.GetDirectoryName(FinalPath)!);
            }
        }
        catch (IOException ex)
        {
            // The file is complete under its name; only its durability across a crash is in doubt.
            throw new PgSnapException(PgSnapErrorKind.Failure, $"{FinalPath} was written but its directory could not be fsync'd: {ex.Message}", ex);
        }
    }

    /// <summary>Without a commit, closes and deletes the partial file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Disk full while flushing the last bytes: the file is deleted below anyway.
        }

        try
        {
            File.Delete(PartialPath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
