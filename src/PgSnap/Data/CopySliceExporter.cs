using System.IO.Pipelines;
using PgSnap.Archive.Writing;

namespace PgSnap.Data;

/// <summary>
/// Copies one slice as COPY text, bytes passed through: the session writes straight into data blocks, which are
/// cut at row boundaries (<see cref="BlockPipeWriter"/>); values are never parsed. Also holds the pipe helpers of
/// the INSERT mode, which does parse rows.
/// </summary>
internal static class CopySliceExporter
{
    /// <summary>The pipe between the session and the block builder holds at most this much.</summary>
    private const long PauseWriterThreshold = 1024 * 1024;

    public static Task<long> ExportAsync(ICopyOutSession session, TableSlice slice, ArchiveWriter writer, DataExportOptions options, CancellationToken cancellationToken) =>
        ExportAsync(session, slice, CopyStatements.CopyOut(slice), writer, options, cancellationToken);

    /// <summary>Copies one slice with its COPY statement already made (the one sent ahead, <see cref="ICopyOutSession.SendAheadAsync"/>).</summary>
    public static async Task<long> ExportAsync(ICopyOutSession session, TableSlice slice, string copySql, ArchiveWriter writer, DataExportOptions options, CancellationToken cancellationToken)
    {
        var table = slice.Table.Entry;
        await using var assembler = new DataBlockAssembler(
            writer, slice.Table, options.BlockSize, options.DisableTriggers, ArchiveWriter.TableDataKind, CopyStatements.CopyIn(table), "\\.\n", options.EncodersPerWorker,
            firstBlockCapacity: (int)Math.Min(int.MaxValue, slice.EstimatedBytes * 2));
        var blocks = new BlockPipeWriter(assembler, table.QualifiedName);
        await session.CopyOutAsync(copySql, blocks, cancellationToken).ConfigureAwait(false);
        return await blocks.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>
    /// Inline schedulers: the session's flush runs the block builder's continuation on the same thread (and the
    /// reader's AdvanceTo resumes the session), instead of a thread-pool hop per flush, which costs most on a
    /// machine whose cores are busy.
    /// </remarks>
    internal static Pipe NewPipe() => new(new PipeOptions(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: PauseWriterThreshold,
        resumeWriterThreshold: PauseWriterThreshold / 2,
        minimumSegmentSize: 64 * 1024,
        useSynchronizationContext: false));

    /// <summary>Runs the COPY into the pipe; a failure reaches the reader through the pipe.</summary>
    internal static async Task ProduceAsync(ICopyOutSession session, string sql, PipeWriter destination, CancellationToken cancellationToken)
    {
        try
        {
            await session.CopyOutAsync(sql, destination, cancellationToken).ConfigureAwait(false);
            await destination.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await destination.CompleteAsync(ex).ConfigureAwait(false);
        }
    }
}
