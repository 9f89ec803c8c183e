using PgSnap.Archive.Writing;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

/// <summary>
/// The backup file itself: direct I/O and the buffered fallback must both give back exactly the bytes written,
/// with unaligned pieces and an unaligned tail, and a file is only ever seen complete under its final name.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class AtomicFileSinkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pgsnap-sink-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bytes_written_in_odd_pieces_come_back_identical(bool direct)
    {
        var path = Path.Combine(_folder, "backup.sql");
        // Several chunks of direct I/O plus a tail that is not a multiple of the block size.
        var expected = new byte[(5 * DirectFileStream.ChunkBytes / 2) + 12_345];
        new Random(11).NextBytes(expected);

        await using (var stream = DurableFileStream.Create(path, direct))
        {
            Assert.Equal(direct && OperatingSystem.IsLinux(), stream is DirectFileStream);
            var offset = 0;
            var piece = 1;
            while (offset < expected.Length)
            {
                var length = Math.Min(expected.Length - offset, ((piece * 7919) % 700_001) + 1);
                if (piece % 2 == 0)
                {
                    await stream.WriteAsync(expected.AsMemory(offset, length));
                }
                else
                {
                    stream.Write(expected.AsSpan(offset, length));
                }

                offset += length;
                piece++;
            }

            stream.FlushToDisk();
        }

        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_shorter_than_one_block_has_its_exact_length(bool direct)
    {
        var path = Path.Combine(_folder, "tiny.sql");
        await using (var stream = DurableFileStream.Create(path, direct))
        {
            await stream.WriteAsync("SELECT 1;\n"u8.ToArray());
            stream.FlushToDisk();
        }

        Assert.Equal("SELECT 1;\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_committed_file_appears_under_its_name_only_when_complete()
    {
        var path = Path.Combine(_folder, "backup.sql");
        await using (var sink = AtomicFileSink.Create(path, overwrite: false))
        {
            await sink.Stream.WriteAsync(new byte[DirectFileStream.ChunkBytes + 100]);
            Assert.False(File.Exists(path));
            await sink.CommitAsync(CancellationToken.None);
        }

        Assert.False(File.Exists(path + AtomicFileSink.PartialSuffix));
        Assert.Equal(DirectFileStream.ChunkBytes + 100, new FileInfo(path).Length);
    }

    [Fact]
    public async Task An_uncommitted_file_is_deleted_and_the_older_backup_is_untouched()
    {
        var path = Path.Combine(_folder, "backup.sql");
        await File.WriteAllTextAsync(path, "older backup");

        await using (var sink = AtomicFileSink.Create(path, overwrite: true))
        {
            await sink.Stream.WriteAsync(new byte[DirectFileStream.ChunkBytes + 100]);
        }

        Assert.False(File.Exists(path + AtomicFileSink.PartialSuffix));
        Assert.Equal("older backup", await File.ReadAllTextAsync(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
