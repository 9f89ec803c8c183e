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
/// cutting size (<see cref="DataExportOptions.DefaultBlockSize"/>), so a block never has to grow: a row bigger than
/// a block goes to the archive in block-sized pieces as it arrives (<see cref="DataBlockAssembler.SpillAsync"/>).
/// </remarks>
internal sealed class BlockPipeWriter(DataBlockAssembler assembler, string table) : PipeWriter
{
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
        if ((rows.Length > 0 && rows[^1] != (byte)'\n') || (rows.Length == 0 && assembler.InPieces))
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
                // One row is bigger than a block. If it ends in the slack beyond the cutting size, cut after it;
                // otherwise its bytes so far go to the archive as a piece of the block, which stays open.
                var end = rows[capacity..].IndexOf((byte)'\n');
                if (end < 0)
                {
                    await assembler.SpillAsync(cancellationToken).ConfigureAwait(false);
                    break;
                }

                cut = capacity + end + 1;
            }

            long blockRows = rows[..cut].Count((byte)'\n');
            Rows += blockRows;
            await assembler.CutAsync(cut, blockRows, cancellationToken).ConfigureAwait(false);
        }

        return new FlushResult(isCanceled: false, isCompleted: false);
    }
}
