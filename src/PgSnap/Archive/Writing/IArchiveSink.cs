namespace PgSnap.Archive.Writing;

/// <summary>
/// Where a dump's archive goes when it has a name: a local file (<see cref="AtomicFileSink"/>) or an object in
/// S3-compatible storage (<see cref="Storage.S3.S3UploadSink"/>). Either way the archive appears under its name only
/// when <see cref="CommitAsync"/> succeeds; disposing without a commit leaves nothing under that name.
/// </summary>
public interface IArchiveSink : IAsyncDisposable
{
    /// <summary>The archive's final name: a full path or an s3:// URL.</summary>
    string FinalPath { get; }

    /// <summary>The forward-only stream the archive writer appends to.</summary>
    Stream Stream { get; }

    /// <summary>Bytes durably handed over so far (uploaded parts for object storage, written bytes for a file).</summary>
    long BytesStored { get; }

    /// <summary>Makes the archive appear under <see cref="FinalPath"/>; <paramref name="sync"/> false skips the fsyncs of a file.</summary>
    Task CommitAsync(CancellationToken cancellationToken, bool sync = true);
}
