using System.Globalization;
using PgSnap.Archive.Writing;

namespace PgSnap.Storage.S3;

/// <summary>
/// A dump streamed into one object by multipart upload (docs/ARCHITECTURE.md, "dump"). The archive writer appends
/// whole blocks; a part is cut at the first block boundary at or past <see cref="PartSize"/> (8 MiB, above S3's 5 MiB
/// minimum), so a part never splits a block unless one write alone would overflow the part buffer. Up to
/// <see cref="PartsInFlight"/> parts upload at once on separate connections while the dump goes on; each carries its
/// Content-MD5, so the service refuses a damaged part.
/// </summary>
/// <remarks>
/// Memory is bounded, whatever the archive's size: at most (<see cref="PartsInFlight"/> + 1) buffers of
/// <see cref="BufferSize"/> (2 × the part size): 4 × 16 MiB = 64 MiB with the defaults. S3 allows 10,000 parts: past
/// 10,000 × 8 MiB (78 GiB) of archive the dump stops with an error naming the size reached, before any object exists.
/// The object exists only after CompleteMultipartUpload (or the single PUT of an archive smaller than one part),
/// which <see cref="CommitAsync"/> sends at the very end of a successful dump; a dump that fails, is cancelled or is
/// killed completes nothing, and a failed or cancelled one aborts its upload (<see cref="AbortFailure"/> says when the
/// service would not: the parts then stay invisible until a lifecycle rule removes them).
/// </remarks>
public sealed class S3UploadSink : IArchiveSink
{
    public const int DefaultPartSize = 8 << 20;
    public const int DefaultPartsInFlight = 3;
    public const int MaxParts = 10_000;

    private readonly S3Client _client;
    private readonly S3Location _location;
    private readonly bool _overwrite;
    private readonly int _maxParts;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<byte[]> _free = new();
    private readonly List<Task<S3CompletedPart>> _uploads = [];
    private readonly CancellationTokenSource _abort = new();
    private readonly PartStream _stream;
    private byte[]? _current;
    private int _used;
    private long _written;
    private long _stored;
    private string? _uploadId;
    private bool _committed;
    private bool _disposed;

    private S3UploadSink(S3Client client, S3Location location, bool overwrite, int partSize, int partsInFlight, int maxParts)
    {
        _client = client;
        _location = location;
        _overwrite = overwrite;
        PartSize = partSize;
        PartsInFlight = partsInFlight;
        _maxParts = maxParts;
        _slots = new SemaphoreSlim(partsInFlight, partsInFlight);
        _stream = new PartStream(this);
    }

    public int PartSize { get; }

    public int PartsInFlight { get; }

    /// <summary>One part buffer: twice the part size, so a part always ends on a block boundary when blocks are smaller than a part.</summary>
    public int BufferSize => PartSize * 2;

    /// <summary>The memory bound of the upload's buffers.</summary>
    public long MaxBufferedBytes => (long)(PartsInFlight + 1) * BufferSize;

    public string FinalPath => _location.ToString();

    public Stream Stream => _stream;

    public long BytesStored => Interlocked.Read(ref _stored);

    /// <summary>Parts started so far (0 while the archive still fits in one buffer).</summary>
    public int PartCount => _uploads.Count;

    /// <summary>Why the upload of a failed dump could not be aborted (null when it was, or when there was none).</summary>
    public string? AbortFailure { get; private set; }

    /// <summary>
    /// Refuses (exit code 6) when the object exists and <paramref name="overwrite"/> is false: one HEAD before any byte is
    /// read from the database. Nothing is created on the service yet.
    /// </summary>
    public static async Task<S3UploadSink> CreateAsync(
        S3Client client, S3Location location, bool overwrite, CancellationToken cancellationToken,
        int partSize = DefaultPartSize, int partsInFlight = DefaultPartsInFlight, int maxParts = MaxParts)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(location);
        if (location.Key.Length == 0 || location.Key.EndsWith('/'))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{location} names a prefix, not an object: give the archive's name (or use --output-dir)");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partsInFlight, 1);

        // A missing bucket or refused credentials are found now, not after the whole database has been read. A 403
        // here may be a key that can write objects but not list the bucket: its first write will tell.
        await client.EnsureBucketAsync(location.Bucket, cancellationToken, deniedIsUnknown: true).ConfigureAwait(false);
        await EnsureMayWriteAsync(client, location, overwrite, cancellationToken).ConfigureAwait(false);
        return new S3UploadSink(client, location, overwrite, partSize, partsInFlight, maxParts);
    }

    public async Task CommitAsync(CancellationToken cancellationToken, bool sync = true)
    {
        if (_uploadId is null)
        {
            // The whole archive fits in one buffer: one PUT, nothing to abort if it fails.
            await EnsureMayWriteAsync(_client, _location, _overwrite, cancellationToken).ConfigureAwait(false);
            await _client.PutObjectAsync(_location.Bucket, _location.Key, (_current ?? []).AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _stored, _used);
            _committed = true;
            return;
        }

        if (_used > 0)
        {
            await ShipAsync(cancellationToken).ConfigureAwait(false);
        }

        var parts = await Task.WhenAll(_uploads).ConfigureAwait(false);
        await EnsureMayWriteAsync(_client, _location, _overwrite, cancellationToken).ConfigureAwait(false);
        await _client.CompleteMultipartUploadAsync(_location.Bucket, _location.Key, _uploadId, parts, cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    /// <summary>Without a commit: stops the parts in flight and aborts the upload, so no object and (where the service allows) no parts remain.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed || _disposed)
        {
            return;
        }

        _disposed = true;
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_uploads).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The parts in flight were cancelled or had failed: the dump's own error is the one reported.
        }

        if (_uploadId is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _client.AbortMultipartUploadAsync(_location.Bucket, _location.Key, _uploadId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PgSnapException or OperationCanceledException)
            {
                AbortFailure = $"the unfinished upload of {_location} could not be aborted ({ex.Message}); no object was created, but its parts stay stored (and billed) until a lifecycle rule with AbortIncompleteMultipartUpload removes them";
            }
        }

        _abort.Dispose();
    }

    /// <summary>No overwrite without --force: with it, no HEAD at all (a key that may write but not read can dump).</summary>
    private static async Task EnsureMayWriteAsync(S3Client client, S3Location location, bool overwrite, CancellationToken cancellationToken)
    {
        if (!overwrite && RefusalFor(location, await client.ObjectExistenceAsync(location.Bucket, location.Key, cancellationToken).ConfigureAwait(false)) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// The refusal of a dump without --force, from what the existence check found (null: go on). A denied check
    /// (403) cannot prove that nothing would be replaced, so it refuses too, saying so and that --force skips it.
    /// </summary>
    internal static PgSnapException? RefusalFor(S3Location location, S3Existence existence) => existence switch
    {
        S3Existence.Exists => new PgSnapException(PgSnapErrorKind.Refused, $"{location} already exists (use --force to replace it)"),
        S3Existence.Denied => new PgSnapException(PgSnapErrorKind.Refused,
            $"the existence check of {location} (S3 HEAD) was denied (403): the key may write but not read objects, so pgsnap cannot tell whether it would replace one; --force skips the check (and replaces any object there)"),
        _ => null,
    };

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfUploadFailed();
        while (data.Length > 0)
        {
            _current ??= RentBuffer();
            var n = Math.Min(data.Length, _current.Length - _used);
            data.Span[..n].CopyTo(_current.AsSpan(_used));
            _used += n;
            _written += n;
            data = data[n..];

            // Cut at this write's end (a block boundary) once the part is big enough, or mid-write when the buffer is full.
            if (_used >= PartSize && (data.Length == 0 || _used == _current.Length))
            {
                await ShipAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the upload of the current buffer as the next part; waits while <see cref="PartsInFlight"/> are uploading.</summary>
    private async Task ShipAsync(CancellationToken cancellationToken)
    {
        var partNumber = _uploads.Count + 1;
        if (partNumber > _maxParts)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, string.Create(CultureInfo.InvariantCulture,
                $"{_location}: the archive reached {_written:N0} bytes and needs more than {_maxParts:N0} parts of {PartSize / (1 << 20)} MiB, the most S3 allows in one object; nothing was created: dump to a local file and upload it with a larger part size, or split the dump (-n/-t)"));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            ThrowIfUploadFailed();
            _uploadId ??= await _client.CreateMultipartUploadAsync(_location.Bucket, _location.Key, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        var buffer = _current!;
        var length = _used;
        _current = null;
        _used = 0;
        _uploads.Add(UploadPartAsync(partNumber, buffer, length));
    }

    private async Task<S3CompletedPart> UploadPartAsync(int partNumber, byte[] buffer, int length)
    {
        try
        {
            await Task.Yield();
            var part = await _client.UploadPartAsync(_location.Bucket, _location.Key, _uploadId!, partNumber, buffer.AsMemory(0, length), _abort.Token).ConfigureAwait(false);
            Interlocked.Add(ref _stored, length);
            return part;
        }
        finally
        {
            lock (_free)
            {
                _free.Push(buffer);
            }

            _slots.Release();
        }
    }

    private byte[] RentBuffer()
    {
        lock (_free)
        {
            return _free.TryPop(out var buffer) ? buffer : new byte[BufferSize];
        }
    }

    /// <summary>A part that failed (after its retries) fails the dump at its next write, not only at the end.</summary>
    private void ThrowIfUploadFailed()
    {
        foreach (var upload in _uploads)
        {
            if (upload.IsFaulted)
            {
                upload.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>The write-only face the archive writer appends to; flushing is a no-op (parts go out as they fill).</summary>
    private sealed class PartStream(S3UploadSink sink) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => sink._written;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            sink.WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            sink.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            sink.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
