using System.Diagnostics;
using System.Text;
using PgSnap.Archive.Writing;

namespace PgSnap.Data;

/// <summary>
/// Builds the data blocks of one slice of one table into bounded, pooled buffers. Rows are appended after a
/// reserved gap; when a block is cut, its marker line and COPY statement (which need the block's id and chunk,
/// known only then) are written right-aligned into the gap, so rows are never copied to make room for them.
/// Finished blocks are encoded (checksum + compression) on thread-pool threads while the next block fills, at most
/// <c>encoders</c> at a time (so that one table's gzip uses more than one core even at <c>-j 1</c>), then handed to
/// the archive writer, which appends them in id order. A row bigger than a block does not make the block grow: the
/// block is written in pieces (<see cref="SpillAsync"/>, docs/FORMAT.md "Blocks written in pieces"), so a worker
/// holds a few block-sized arrays whatever its rows' size.
/// </summary>
internal sealed class DataBlockAssembler : IAsyncDisposable
{
    private readonly ArchiveWriter _writer;
    private readonly TableCopyState _table;
    private readonly int _blockSize;
    private readonly byte[] _copyIn;
    private readonly byte[] _trailer;
    private readonly byte[] _disable;
    private readonly string _kind;

    /// <summary>Bytes reserved before the rows for the longest possible prefix.</summary>
    private readonly int _reserved;

    /// <summary>Blocks up to this size are encoded on the worker's own thread when nothing else is being encoded.</summary>
    private const int InlineEncodeBytes = 64 * 1024;

    /// <summary>Blocks being encoded, oldest first; at most <see cref="_encoders"/>.</summary>
    private readonly Queue<Task> _encoding = new();
    private readonly int _encoders;
    private PooledBuffer _current;
    private bool _emittedAny;

    /// <summary>The current block when part of it is already in the archive as pieces; null otherwise.</summary>
    private PiecewiseBlock? _pieces;

    public DataBlockAssembler(ArchiveWriter writer, TableCopyState table, int blockSize, bool disableTriggers, string kind, string statementHead, string statementTail, int encoders = 1, int firstBlockCapacity = int.MaxValue)
    {
        _writer = writer;
        _encoders = Math.Max(1, encoders);
        _table = table;
        _blockSize = blockSize;
        _kind = kind;
        var entry = table.Entry;
        _copyIn = Encoding.UTF8.GetBytes(statementHead);
        _disable = disableTriggers ? Encoding.UTF8.GetBytes(CopyStatements.DisableTriggers(entry)) : [];
        _trailer = Encoding.UTF8.GetBytes(statementTail + (disableTriggers ? CopyStatements.EnableTriggers(entry) : string.Empty) + "\n");
        var longest = BlockText.MarkerLine(int.MaxValue, Info(int.MaxValue));
        _reserved = longest.Length + _disable.Length + _copyIn.Length;
        // A small table's block starts small (it grows if the estimate was low): thousands of small tables
        // would otherwise each rent and touch a block-sized array.
        _current = NewBuffer(Math.Min(_blockSize, Math.Max(64 * 1024, firstBlockCapacity)));
    }

    /// <summary>Rows bytes in the current block.</summary>
    public int RowsLength => _current.Length - _reserved;

    /// <summary>The rows written to the current block so far.</summary>
    public ReadOnlySpan<byte> Rows => _current.WrittenSpan[_reserved..];

    /// <summary>Row bytes at which a block is full (its cutting size less its statement and trailer).</summary>
    public int RowCapacity => Math.Max(1, _blockSize - _trailer.Length - _reserved);

    /// <summary>How many more row bytes fit before the block is full.</summary>
    public int Room => Math.Max(0, _blockSize - _trailer.Length - _current.Length);

    public void Write(ReadOnlySpan<byte> rows) => _current.Write(rows);

    /// <summary>A span to write rows into directly; call <see cref="Advance"/> after.</summary>
    public Span<byte> GetSpan(int sizeHint) => _current.GetSpan(sizeHint);

    /// <summary>The memory form of <see cref="GetSpan"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint) => _current.GetMemory(sizeHint);

    public void Advance(int count) => _current.Advance(count);

    /// <summary>Whether the current block has pieces in the archive already (it is inside a row bigger than a block).</summary>
    public bool InPieces => _pieces is not null;

    /// <summary>
    /// Sends the current block's bytes so far to the archive as a piece and keeps the block open: called when they
    /// are all one row, bigger than a block, that has not ended yet. The first piece carries the block's marker
    /// line and COPY statement; the piece that holds the row's end (and the rows after it, up to the next cut)
    /// carries the trailer and ends the block (<see cref="CutAsync"/>, <see cref="CompleteAsync"/>).
    /// </summary>
    public async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        var start = _reserved;
        if (_pieces is null)
        {
            // This worker's earlier blocks first: the pieces go to the file as they come, after every earlier id.
            await WaitForEncodersAsync(0).ConfigureAwait(false);
            _emittedAny = true;
            var info = Info(_table.NextChunk());
            var id = _writer.AllocateId();
            var marker = BlockText.MarkerLine(id, info);
            start = _reserved - marker.Length - _disable.Length - _copyIn.Length;
            WritePrefix(_current, start, marker);
            _pieces = new PiecewiseBlock(_writer, id, info);
        }

        var piece = _current;
        _current = NewBuffer();
        await _pieces.AppendAsync(piece, start, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the current block after <paramref name="rowsLength"/> row bytes (which must end a row) with
    /// <paramref name="rows"/> rows; the bytes after the cut start the next block.
    /// </summary>
    public async ValueTask CutAsync(int rowsLength, long rows, CancellationToken cancellationToken)
    {
        Debug.Assert(rowsLength >= 0 && rowsLength <= RowsLength);
        // Let earlier blocks reach the writer before renting another: a worker then holds at most the block it
        // fills, the one it cuts from it and the ones being encoded, whatever the table's size.
        await WaitForEncodersAsync(_encoders - 1).ConfigureAwait(false);
        var next = NewBuffer();
        var tail = _current.WrittenSpan[(_reserved + rowsLength)..];
        next.Write(tail);
        _current.Truncate(_reserved + rowsLength);
        var full = _current;
        _current = next;
        await EmitAsync(full, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the last block (an empty table still gets one, so restore and verify see it).</summary>
    public async ValueTask CompleteAsync(long rows, CancellationToken cancellationToken)
    {
        if (RowsLength > 0 || rows > 0 || !_emittedAny || _pieces is not null)
        {
            var full = _current;
            _current = new PooledBuffer(0); // nothing more is written: only there to be disposed
            await EmitAsync(full, rows, cancellationToken).ConfigureAwait(false);
        }

        await WaitForEncodersAsync(0).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        while (_encoding.TryDequeue(out var encoding))
        {
            try
            {
                await encoding.ConfigureAwait(false);
            }
            catch
            {
                // The failure has already been reported by whoever awaited the slice.
            }
        }

        _current.Dispose();
    }

    private async ValueTask EmitAsync(PooledBuffer block, long rows, CancellationToken cancellationToken)
    {
        if (_pieces is { } pieces)
        {
            // The last piece of a block written in pieces: the end of the big row, the rows after it, the trailer.
            _pieces = null;
            block.Write(_trailer);
            _table.AddRows(rows);
            await pieces.AppendAsync(block, _reserved, cancellationToken).ConfigureAwait(false);
            await pieces.EndAsync(rows, cancellationToken).ConfigureAwait(false);
            return;
        }

        _emittedAny = true;
        try
        {
            await WaitForEncodersAsync(_encoders - 1).ConfigureAwait(false);
        }
        catch
        {
            block.Dispose();
            throw;
        }

        block.Write(_trailer);
        var info = Info(_table.NextChunk());
        var id = _writer.AllocateId();
        var marker = BlockText.MarkerLine(id, info);
        var start = _reserved - marker.Length - _disable.Length - _copyIn.Length;
        WritePrefix(block, start, marker);
        _table.AddRows(rows);
        var writer = _writer;
        if (_encoding.Count == 0 && block.Length <= InlineEncodeBytes)
        {
            // A small table's only block: encoding it here costs less than the hand-off to another thread and back,
            // which is most of a small table's cost when there are thousands of them.
            await writer.AppendAsync(writer.Encoder.Encode(id, info, block, start, rows), cancellationToken).ConfigureAwait(false);
            return;
        }

        _encoding.Enqueue(Task.Run(
            async () =>
            {
                var encoded = writer.Encoder.Encode(id, info, block, start, rows);
                await writer.AppendAsync(encoded, cancellationToken).ConfigureAwait(false);
            },
            CancellationToken.None));
    }

    /// <summary>Waits until at most <paramref name="running"/> blocks are still encoding; rethrows their failures.</summary>
    private async ValueTask WaitForEncodersAsync(int running)
    {
        while (_encoding.Count > running)
        {
            await _encoding.Dequeue().ConfigureAwait(false);
        }
    }

    private void WritePrefix(PooledBuffer block, int start, byte[] marker)
    {
        var target = block.GetWritableRange(start, _reserved - start);
        marker.CopyTo(target);
        _disable.CopyTo(target[marker.Length..]);
        _copyIn.CopyTo(target[(marker.Length + _disable.Length)..]);
    }

    private BlockInfo Info(int chunk)
    {
        var e = _table.Entry;
        return new BlockInfo(BlockInfo.DataSection, _kind, e.Schema, e.Name, e.Owner, chunk);
    }

    private PooledBuffer NewBuffer(int capacity = 0)
    {
        var buffer = new PooledBuffer(capacity > 0 ? capacity : _blockSize);
        buffer.GetSpan(_reserved);
        buffer.Advance(_reserved);
        return buffer;
    }
}
