using BenchmarkDotNet.Attributes;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Writing;

namespace PgSnap.Benchmarks.Micro;

/// <summary>Per-block compression of one 8 MiB block of COPY text: the work each data worker does per block.</summary>
[MemoryDiagnoser]
public class CompressorBenchmarks
{
    private byte[] _block = [];
    private IBlockCompressor _gzip = null!;
    private IBlockCompressor _lz4 = null!;
    private IBlockCompressor _zstd = null!;

    [GlobalSetup]
    public void Setup()
    {
        _block = CopyTextSample.Create(8 * 1024 * 1024);
        _gzip = CompressionSpec.Gzip.CreateCompressor();
        _lz4 = CompressionSpec.Lz4.CreateCompressor();
        _zstd = CompressionSpec.Zstd.CreateCompressor();
    }

    [Benchmark(Baseline = true)]
    public int Gzip6() => Run(_gzip);

    [Benchmark]
    public int Lz4Fast() => Run(_lz4);

    [Benchmark]
    public int Zstd3() => Run(_zstd);

    private int Run(IBlockCompressor compressor)
    {
        using var output = new PooledBuffer(_block.Length);
        compressor.Compress(_block, output);
        return output.Length;
    }
}
