using System.IO.Pipelines;
using PgSnap.Archive.Writing;

namespace PgSnap.Data;

/// <summary>
/// Copies one slice as COPY text, bytes passed through: session → pipe → data blocks cut at row boundaries.
/// In COPY text a raw '\n' only ever ends a row (a newline inside a value is written as the two bytes <c>\n</c>),
/// so finding a cut and counting rows is a vectorized search for one byte; values are never parsed.
/// </summary>
internal static class CopySliceExporter
{
    /// <summary>The pipe between the session and the block builder holds at most this much.</summary>
    private const long PauseWriterThreshold = 1024 * 1024;

    public static async Task<long> ExportAsync(ICopyOutSession session, TableSlice slice, ArchiveWriter writer, DataExportOptions options, CancellationToken cancellationToken)
    {
        var pipe = NewPipe();
        var table = slice.Table.Entry;
        await using var assembler = new DataBlockAssembler(
            writer, slice.Table, options.BlockSize, options.DisableTriggers, ArchiveWriter.TableDataKind, CopyStatements.CopyIn(table), "\\.\n");
        var producing = ProduceAsync(session, CopyStatements.CopyOut(slice), pipe.Writer, cancellationToken);
        long rows = 0;
        // Row bytes of the current block already searched for '\n' without finding one (a row bigger than a block).
        var searchedWithoutNewline = 0;
        try
        {
            while (true)
            {
                var result = await pipe.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var memory = segment;
                    while (!memory.IsEmpty)
                    {
                        var room = assembler.Room;
                        if (room == 0)
                        {
                            var cut = FindCut(assembler.Rows, searchedWithoutNewline);
                            if (cut < 0)
                            {
                                // One row is bigger than a block: let this block grow until the row ends.
                                searchedWithoutNewline = assembler.RowsLength;
                                room = memory.Length;
                            }
                            else
                            {
                                var blockRows = CountRows(assembler.Rows[..cut]);
                                rows += blockRows;
                                await assembler.CutAsync(cut, blockRows, cancellationToken).ConfigureAwait(false);
                                searchedWithoutNewline = 0;
                                continue;
                            }
                        }

                        var n = Math.Min(room, memory.Length);
                        assembler.Write(memory.Span[..n]);
                        memory = memory[n..];
                    }
                }

                pipe.Reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            var lastRows = CountRows(assembler.Rows);
            if (assembler.RowsLength > 0 && assembler.Rows[^1] != (byte)'\n')
            {
                throw new PgSnapException(PgSnapErrorKind.Failure, $"COPY of {table.QualifiedName} ended in the middle of a row");
            }

            rows += lastRows;
            await assembler.CompleteAsync(lastRows, cancellationToken).ConfigureAwait(false);
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await pipe.Reader.CompleteAsync(ex).ConfigureAwait(false);
            await producing.ConfigureAwait(false);
            throw;
        }

        await producing.ConfigureAwait(false);
        return rows;
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

    /// <summary>Length of the rows up to and including the last '\n', or -1 when there is none after <paramref name="searchFrom"/>.</summary>
    private static int FindCut(ReadOnlySpan<byte> rows, int searchFrom)
    {
        var last = rows[searchFrom..].LastIndexOf((byte)'\n');
        return last < 0 ? -1 : searchFrom + last + 1;
    }

    private static long CountRows(ReadOnlySpan<byte> rows) => rows.Count((byte)'\n');
}
