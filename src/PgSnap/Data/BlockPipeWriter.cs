using System.IO.Pipelines;

namespace PgSnap.Data;

/// <summary>
/// The destination of a COPY in the default (COPY text) mode: the session writes the rows straight into the
/// current data block, with no pipe in between (one copy of every byte fewer). Each flush cuts the blocks that
/// are full at their last complete row. In COPY text a raw '\n' only ever ends a row (a newline inside a value
/// is the two bytes <c>\n</c>), so finding a cut and counting rows is a vectorized search for one byte.
/// </summary>
/// <remarks>
/// Writers flush at least every 64 KiB (both sessions do), and a block's array has that much room beyond its
/// cutting size (<see cref="DataExportOptions.DefaultBlockSize"/>), so a block of ordinary rows never has to grow.
/// A row bigger than a block makes its block grow until the row ends.
/// </remarks>
internal sealed class BlockPipeWriter(DataBlockAssembler assembler, string table) : PipeWriter
{
    /// <summary>Row bytes of the current block searched for the end of a row bigger than a block.</summary>
    private int _searchedWithoutNewline;

    private Exception? _completedWith;

    /// <summary>Rows in the blocks cut so far.</summary>
    public long Rows { get; private set; }

    public override void Advance(int bytes) => assembler.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => assembler.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => assembler.GetSpan(sizeHint);

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null) => _completedWith ??= exception;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_completedWith is not null || assembler.Room > 0)
        {
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: _completedWith is not null));
        }

        return CutAsync(cancellationToken);
    }

    /// <summary>Ends the last block once the COPY has finished; fails if the output stopped inside a row.</summary>
    public async ValueTask<long> FinishAsync(CancellationToken cancellationToken)
    {
        var rows = assembler.Rows;
        if (rows.Length > 0 && rows[^1] != (byte)'\n')
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"COPY of {table} ended in the middle of a row");
        }

        var lastRows = rows.Count((byte)'\n');
        Rows += lastRows;
        await assembler.CompleteAsync(lastRows, cancellationToken).ConfigureAwait(false);
        return Rows;
    }

    private async ValueTask<FlushResult> CutAsync(CancellationToken cancellationToken)
    {
        while (assembler.RowsLength >= assembler.RowCapacity)
        {
            var rows = assembler.Rows;
            var capacity = assembler.RowCapacity;
            var cut = rows[..capacity].LastIndexOf((byte)'\n') + 1;
            if (cut == 0)
            {
                // One row is bigger than a block: the block grows until that row ends.
                var from = Math.Max(capacity, _searchedWithoutNewline);
                var end = rows[from..].IndexOf((byte)'\n');
                if (end < 0)
                {
                    _searchedWithoutNewline = rows.Length;
                    break;
                }

                cut = from + end + 1;
            }

            long blockRows = rows[..cut].Count((byte)'\n');
            Rows += blockRows;
            _searchedWithoutNewline = 0;
            await assembler.CutAsync(cut, blockRows, cancellationToken).ConfigureAwait(false);
        }

        return new FlushResult(isCanceled: false, isCompleted: false);
    }
}
