using BenchmarkDotNet.Attributes;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Writing;
using PgSnap.Data;
using PgSnap.Model;

namespace PgSnap.Benchmarks.Micro;

/// <summary>
/// The data path without a server: 64 MiB of COPY text fed in 64 KiB pieces through the block assembler (row-boundary
/// cuts, marker lines, XXH64, compression) into the single archive writer over a null stream.
/// </summary>
[MemoryDiagnoser]
public class BlockWriterBenchmarks
{
    private byte[] _text = [];

    [Params("none", "lz4", "gzip")]
    public string Compression { get; set; } = "none";

    [GlobalSetup]
    public void Setup() => _text = CopyTextSample.Create(64 * 1024 * 1024);

    [Benchmark]
    public async Task<long> AssembleAndWrite()
    {
        var writer = new ArchiveWriter(Stream.Null, CompressionSpec.Parse(Compression));
        var table = new TableDataEntry("public", "agent_calls", "postgres", "public.agent_calls", "id, at, payload, transcript", 1, 0, 0, _text.Length, true);
        var state = new TableCopyState(table, 1);
        await using var assembler = new DataBlockAssembler(writer, state, 8 * 1024 * 1024, false, ArchiveWriter.TableDataKind, CopyStatements.CopyIn(table), "\\.\n");
        long rows = 0;
        for (var offset = 0; offset < _text.Length; offset += 64 * 1024)
        {
            var piece = _text.AsMemory(offset, Math.Min(64 * 1024, _text.Length - offset));
            if (assembler.Room < piece.Length)
            {
                var cut = assembler.Rows.LastIndexOf((byte)'\n') + 1;
                var blockRows = assembler.Rows[..cut].Count((byte)'\n');
                rows += blockRows;
                await assembler.CutAsync(cut, blockRows, CancellationToken.None);
            }

            assembler.Write(piece.Span);
        }

        await assembler.CompleteAsync(assembler.Rows.Count((byte)'\n'), CancellationToken.None);
        await writer.FinishAsync(null, CancellationToken.None);
        return writer.BytesWritten + rows;
    }
}
