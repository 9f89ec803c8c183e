using System.Globalization;
using System.IO.Hashing;
using System.Text;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Writing;

/// <summary>
/// The single writer of an archive. Blocks are encoded on the workers' threads and handed here whole; the writer
/// appends them to a forward-only stream (a file or stdout: it never seeks), in id order, and records where each
/// landed for the manifest. Then <see cref="FinishAsync"/> writes the manifest block and the footer.
/// </summary>
/// <remarks>
/// Ids are allocated when a block's bytes are final, so a worker whose block is still compressing holds back the
/// ones after it; at most <c>maxWaiting</c> finished blocks wait for it (memory stays bounded by workers × block
/// size), and the file's block order is the id order, which readers may rely on. A block too big to hold (a row
/// bigger than a block) is written in pieces instead (<see cref="PiecewiseBlock"/>): once its turn comes its pieces
/// go straight to the sink, and the blocks after it wait until it ends.
/// </remarks>
internal sealed class ArchiveWriter
{
    private readonly Stream _sink;
    private readonly BlockEncoder _encoder;
    private readonly int _maxWaiting;
    private readonly Action<WrittenBytes>? _onWritten;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<int, EncodedBlock> _waiting = [];
    private readonly List<BlockRecord> _records = [];
    private readonly Dictionary<(string Schema, string Name), int> _tableIndex = [];
    private readonly List<TableRecord> _tables = [];
    private readonly Lock _drainLock = new();
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Next id to hand out.</summary>
    private int _nextAllocated;

    /// <summary>Id of the next block to append to the file.</summary>
    private int _nextToWrite;

    /// <summary>Bytes written to the sink so far (compressed offset of the next block).</summary>
    private long _offset;

    /// <summary>Uncompressed bytes so far (raw offset of the next block).</summary>
    private long _rawOffset;

    private bool _finished;

    /// <summary>Where the block being written in pieces started (offset, raw offset); null when none is.</summary>
    private (int Id, long Offset, long RawOffset)? _pieces;

    public ArchiveWriter(Stream sink, CompressionSpec compression, int maxWaiting = 4, Action<WrittenBytes>? onWritten = null)
    {
        ArgumentNullException.ThrowIfNull(compression);
        _sink = sink;
        Compression = compression;
        _encoder = new BlockEncoder(compression.CreateCompressor());
        _maxWaiting = Math.Max(1, maxWaiting);
        _onWritten = onWritten;
    }

    public CompressionSpec Compression { get; }

    public BlockEncoder Encoder => _encoder;

    /// <summary>Bytes written to the sink so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _offset);

    /// <summary>Reserves the next block id. Every id handed out must be appended, or the dump fails.</summary>
    public int AllocateId() => Interlocked.Increment(ref _nextAllocated) - 1;

    /// <summary>Encodes and appends a DDL (or other small, whole) block: marker line, then <paramref name="sql"/>.</summary>
    public ValueTask AppendTextBlockAsync(BlockInfo info, string sql, long? rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(sql);
        var raw = new PooledBuffer(Encoding.UTF8.GetMaxByteCount(sql.Length) + 512);
        try
        {
            var id = AllocateId();
            BlockText.WriteMarker(raw, id, info);
            var written = Encoding.UTF8.GetBytes(sql, raw.GetSpan(Encoding.UTF8.GetMaxByteCount(sql.Length)));
            raw.Advance(written);
            EndWithNewline(raw);
            return AppendAsync(_encoder.Encode(id, info, raw, 0, rows), cancellationToken);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>The header block (id 0, no marker line).</summary>
    public ValueTask AppendHeaderAsync(byte[] headerText, CancellationToken cancellationToken)
    {
        var raw = new PooledBuffer(headerText.Length);
        raw.Write(headerText);
        var id = AllocateId();
        if (id != 0)
        {
            raw.Dispose();
            throw new InvalidOperationException("the header must be the first block");
        }

        return AppendAsync(_encoder.Encode(id, new BlockInfo(BlockInfo.HeaderSection, "HEADER", null, null, null), raw, 0, null), cancellationToken);
    }

    /// <summary>
    /// Appends an encoded block (taking ownership of it). Blocks are written in id order; a block that arrives
    /// early waits, and its caller waits while too many blocks are waiting.
    /// </summary>
    public async ValueTask AppendAsync(EncodedBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            block.Dispose();
            throw;
        }

        try
        {
            if (_finished)
            {
                block.Dispose();
                throw new InvalidOperationException("archive already finished");
            }

            _waiting.Add(block.Id, block);
            await DrainUnsynchronizedAsync(progressed: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        // Back-pressure: a worker that is far ahead of a slow one stops producing until the gap closes.
        while (true)
        {
            Task wait;
            lock (_drainLock)
            {
                if (Volatile.Read(ref _nextToWrite) > block.Id || WaitingCount() <= _maxWaiting)
                {
                    return;
                }

                wait = _drained.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends one piece of block <paramref name="id"/>, which is written in pieces (taking ownership of it): waits
    /// until every block before it is in the file, then writes the piece's bytes at once. Used by
    /// <see cref="PiecewiseBlock"/> only.
    /// </summary>
    internal async ValueTask AppendPieceAsync(int id, EncodedBlock piece, CancellationToken cancellationToken)
    {
        try
        {
            await WaitForTurnAsync(id, cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            piece.Dispose();
            throw;
        }

        try
        {
            using (piece)
            {
                _pieces ??= (id, _offset, _rawOffset);
                await SinkWriteAsync(piece.Bytes, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _offset, piece.Length);
                _rawOffset += piece.RawLength;
                _onWritten?.Invoke(new WrittenBytes(piece.RawLength, piece.Length, 0, EndsBlock: false));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Ends block <paramref name="id"/>, whose pieces are all appended: records it (offsets of its first piece,
    /// lengths of all of them, the XXH64 of its whole uncompressed text) and lets the blocks after it follow.
    /// </summary>
    internal async ValueTask EndPiecesAsync(int id, BlockInfo info, ulong xxh64, long rows, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pieces is not { } start || start.Id != id || _nextToWrite != id)
            {
                throw new InvalidOperationException($"block {id} ended in pieces out of turn");
            }

            _pieces = null;
            Record(id, info, start.Offset, _offset - start.Offset, start.RawOffset, _rawOffset - start.RawOffset, xxh64, rows);
            _onWritten?.Invoke(new WrittenBytes(0, 0, rows, EndsBlock: true));
            _nextToWrite++;
            await DrainUnsynchronizedAsync(progressed: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits until every block before <paramref name="id"/> has been appended.</summary>
    private async ValueTask WaitForTurnAsync(int id, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_drainLock)
            {
                if (Volatile.Read(ref _nextToWrite) >= id)
                {
                    return;
                }

                wait = _drained.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the waiting blocks that are next in id order, then wakes whoever waits for the file to advance.
    /// Under <see cref="_gate"/>.
    /// </summary>
    private async ValueTask DrainUnsynchronizedAsync(bool progressed, CancellationToken cancellationToken)
    {
        while (_waiting.Remove(_nextToWrite, out var next))
        {
            using (next)
            {
                await WriteUnsynchronizedAsync(next, cancellationToken).ConfigureAwait(false);
            }

            _nextToWrite++;
            progressed = true;
        }

        if (progressed)
        {
            lock (_drainLock)
            {
                _drained.TrySetResult();
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>
    /// Writes the manifest block and the footer after every allocated block has been appended, then flushes.
    /// The sink is not closed (the caller fsyncs and renames it).
    /// </summary>
    public async Task<ArchiveManifest> FinishAsync(string? snapshot, CancellationToken cancellationToken, IReadOnlyList<ObjectRecord>? objects = null)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_waiting.Count > 0 || _nextToWrite != Volatile.Read(ref _nextAllocated))
            {
                throw new InvalidOperationException($"blocks missing before the manifest: next {_nextToWrite}, allocated {_nextAllocated}");
            }

            _finished = true;
            var manifest = new ArchiveManifest
            {
                Snapshot = snapshot,
                FinishedUtc = DateTimeOffset.UtcNow,
                Blocks = [.. _records],
                Tables = [.. _tables],
                Objects = objects,
            };
            var raw = BlockText.ManifestBlock(manifest);
            var lineHash = XxHash64.HashToUInt64(raw.WrittenSpan);
            var info = new BlockInfo(ArchiveFormat.Sections.Manifest, ArchiveFormat.Kinds.Manifest, null, null, null);
            using var encoded = _encoder.Encode(_nextToWrite, info, raw, 0, null);
            var manifestOffset = _offset;
            await SinkWriteAsync(encoded.Bytes, cancellationToken).ConfigureAwait(false);
            _offset += encoded.Length;
            _rawOffset += encoded.RawLength;

            var footer = new ArchiveFooter(manifestOffset, encoded.Length, lineHash);
            var footerBytes = footer.Encode(Compression.Kind);
            await SinkWriteAsync(footerBytes, cancellationToken).ConfigureAwait(false);
            _offset += footerBytes.Length;
            try
            {
                await _sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw WriteFailed(ex);
            }

            return manifest;
        }
        finally
        {
            _gate.Release();
        }
    }

    private int WaitingCount()
    {
        // Read under _drainLock only as a hint; the count is exact under _gate.
        return _waiting.Count;
    }

    /// <summary>
    /// Writes to the sink; a failure there (disk full, a closed stdout pipe) is reported as what it is, not as a
    /// failure of the table whose block happened to be written.
    /// </summary>
    private async ValueTask SinkWriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _sink.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw WriteFailed(ex);
        }
    }

    /// <summary>The one-line error of an archive that could not be written (also for the file's last bytes and fsync).</summary>
    internal static PgSnapException WriteFailed(IOException ex) =>
        new(PgSnapErrorKind.Failure, $"writing the archive failed: {ex.Message}", ex);

    private async ValueTask WriteUnsynchronizedAsync(EncodedBlock block, CancellationToken cancellationToken)
    {
        await SinkWriteAsync(block.Bytes, cancellationToken).ConfigureAwait(false);
        Record(block.Id, block.Info, _offset, block.Length, _rawOffset, block.RawLength, block.Xxh64, block.Rows);
        Interlocked.Add(ref _offset, block.Length);
        _rawOffset += block.RawLength;
        _onWritten?.Invoke(new WrittenBytes(block.RawLength, block.Length, block.Rows ?? 0, EndsBlock: true));
    }

    /// <summary>Adds a block that is in the file to the manifest's block and table lists.</summary>
    private void Record(int id, BlockInfo info, long offset, long length, long rawOffset, long rawLength, ulong xxh64, long? rows)
    {
        _records.Add(new BlockRecord
        {
            Id = id,
            Section = info.Section,
            Kind = info.Kind,
            Schema = info.Schema,
            Name = info.Name,
            Owner = info.Owner,
            Chunk = info.Chunk,
            Offset = offset,
            Length = length,
            RawOffset = rawOffset,
            RawLength = rawLength,
            Xxh64 = xxh64.ToString("x16", CultureInfo.InvariantCulture),
            Table = info.Table,
            Rows = rows,
        });
        if (info.Kind == TableDataKind && info.Schema is not null && info.Name is not null)
        {
            var key = (info.Schema, info.Name);
            if (_tableIndex.TryGetValue(key, out var index))
            {
                var t = _tables[index];
                _tables[index] = t with { Rows = t.Rows + (rows ?? 0), RawBytes = t.RawBytes + rawLength, Blocks = t.Blocks + 1 };
            }
            else
            {
                _tableIndex.Add(key, _tables.Count);
                _tables.Add(new TableRecord { Schema = info.Schema, Name = info.Name, Rows = rows ?? 0, RawBytes = rawLength, Blocks = 1 });
            }
        }
    }

    private static void EndWithNewline(PooledBuffer raw)
    {
        var span = raw.WrittenSpan;
        if (span.Length == 0 || span[^1] != (byte)'\n')
        {
            raw.Write("\n"u8);
        }

        // A blank line between blocks keeps the plain file readable, as pg_dump's output is.
        raw.Write("\n"u8);
    }

    /// <summary>pg_dump's TOC descriptor of a table's rows.</summary>
    public const string TableDataKind = "TABLE DATA";
}
