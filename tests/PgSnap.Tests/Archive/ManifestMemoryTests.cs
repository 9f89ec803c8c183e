using PgSnap.Archive.Compression;
using PgSnap.Archive.Reading;
using PgSnap.Archive.Writing;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

/// <summary>
/// The manifest of a dump of thousands of tables is one line of several MB (a record per block): it must be built
/// once, in the block that is written, not as an array, then a line, then a block (README, "5,000 tables"); and read
/// back without holding its text or its JSON whole (they were ~25 MB of large arrays at the start of a restore of
/// 5,000 tables).
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ManifestMemoryTests
{
    [Fact]
    public async Task The_manifest_of_many_blocks_is_built_without_copies_of_its_line()
    {
        var sink = new CountingNullStream();
        var writer = new ArchiveWriter(sink, CompressionSpec.None);
        for (var i = 0; i < 20_000; i++)
        {
            var info = new BlockInfo(BlockInfo.SectionName(DumpSection.PreData), "TABLE", "public", $"t{i}", "postgres");
            await writer.AppendTextBlockAsync(info, $"CREATE TABLE public.t{i} (id int);\n", null, CancellationToken.None);
        }

        var before = sink.Written;
        // The sink completes every write at once, so the whole finish runs on this thread.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        await writer.FinishAsync(null, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var manifest = sink.Written - before;

        Assert.True(manifest > 2_000_000, $"manifest of {manifest} bytes: the test needs a big one");
        Assert.True(allocated < 2.5 * manifest, $"finishing a {manifest / 1e6:0.0} MB manifest allocated {allocated / 1e6:0.0} MB");
    }

    [Fact]
    public async Task The_manifest_of_many_blocks_is_read_without_holding_its_text()
    {
        var file = new MemoryStream();
        var writer = new ArchiveWriter(file, CompressionSpec.None);
        for (var i = 0; i < 20_000; i++)
        {
            var info = new BlockInfo(BlockInfo.SectionName(DumpSection.PreData), "TABLE", "public", $"t{i}", "postgres");
            await writer.AppendTextBlockAsync(info, $"CREATE TABLE public.t{i} (id int);\n", null, CancellationToken.None);
        }

        var written = await writer.FinishAsync(null, CancellationToken.None);
        var bytes = file.ToArray();

        // The blob answers every read at once, so the whole opening runs on this thread.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var index = await ArchiveIndex.TryOpenAsync(new MemoryBlob(bytes), CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.NotNull(index);
        Assert.Equal(written.Blocks.Count, index.Manifest.Blocks.Count);
        Assert.Equal(written.Blocks[^1].Xxh64, index.Manifest.Blocks[^1].Xxh64);
        var manifest = index.Footer.ManifestLength;
        Assert.True(manifest > 2_000_000, $"manifest of {manifest} bytes: the test needs a big one");
        // The records alone are ~2.7 bytes per byte of text (UTF-16 strings); reading the text into a growing buffer
        // and joining its lines took that to 8.5.
        Assert.True(allocated < 4 * manifest, $"reading a {manifest / 1e6:0.0} MB manifest allocated {allocated / 1e6:0.0} MB");
    }

    /// <summary>An archive held in memory; every read completes synchronously.</summary>
    private sealed class MemoryBlob(byte[] bytes) : ArchiveBlob
    {
        public override string Name => "memory.sql";

        public override long Length => bytes.Length;

        public override int ReadSize => 1 << 16;

        public override ValueTask<int> ReadAtAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ReadAt(buffer.Span, offset));

        public override int ReadAt(Span<byte> buffer, long offset)
        {
            var n = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }
    }

    /// <summary>Discards what is written and counts it; every write completes synchronously.</summary>
    private sealed class CountingNullStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
