using System.Buffers.Binary;
using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Dump;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// Rows bigger than a block (docs/FORMAT.md, "Blocks written in pieces"): with 64 KiB blocks, rows of 200 KiB to
/// 1.5 MiB are written as blocks of several compressed pieces, next to small rows and another table copied by a
/// second worker at the same time. The archive's blocks keep their offsets and checksums, every big block is several
/// containers on disk (LZ4 frames are counted), and psql, restore, restore -j 2, a selective restore and verify all
/// read it to identical rows.
/// </summary>
public sealed class PiecewiseBlockTests : IAsyncLifetime
{
    private const int BlockSize = 64 * 1024;

    private const string Ddl = """
        CREATE TABLE public.big_rows (id int, t text, b bytea);
        CREATE TABLE public.small_rows (id int, t text);
        """;

    // Row sizes around the block size: far bigger (several pieces), just bigger (ends in the block's slack), small
    // rows between them, and a big row last so the table ends inside a block written in pieces.
    private const string Seed = """
        INSERT INTO public.big_rows
        SELECT g, CASE WHEN g % 7 = 3 THEN repeat(md5(g::text), (200 * 1024 + g * 9973) / 32) ELSE md5(g::text) END,
               CASE WHEN g % 11 = 5 THEN decode(repeat(md5((g * 3)::text), 24 * 1024 + g * 31), 'hex') END
        FROM generate_series(1, 60) g;
        INSERT INTO public.big_rows VALUES (61, repeat('x', 65 * 1024), NULL), (62, repeat(E'tab\there', 60000), '\x00ff');
        INSERT INTO public.small_rows SELECT g, md5(g::text) FROM generate_series(1, 40000) g;
        """;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("piecewise");
        await _server.ExecuteAsync(_db, Ddl + Seed);
        _dir = Directory.CreateTempSubdirectory("pgsnap-piecewise-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DropDatabaseAsync(_db);
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(ArchiveCompression.None, "p.sql")]
    [InlineData(ArchiveCompression.Gzip, "p.sql.gz")]
    [InlineData(ArchiveCompression.Lz4, "p.sql.lz4")]
    [InlineData(ArchiveCompression.Zstd, "p.sql.zst")]
    public async Task Rows_bigger_than_a_block_are_written_in_pieces_and_every_reader_restores_them(ArchiveCompression compression, string fileName)
    {
        var path = Path.Combine(_dir, fileName);
        var summary = await DumpTestKit.DumpToFileAsync(
            _server, _db, path, DumpTestKit.PlanFrom(Ddl), new DumpOptions { Jobs = 2 }, CompressionSpec.Parse(compression.ToString().ToLowerInvariant()), blockSize: BlockSize);
        Assert.Equal(40062, summary.Rows);

        // Offsets, raw offsets, lengths and XXH64 of every block as the manifest records them.
        var archive = DumpTestKit.Read(path, compression);
        var big = archive.Manifest.Blocks.Where(b => b.Name == "big_rows").ToList();
        Assert.Equal(62, big.Sum(b => b.Rows));
        var pieced = big.Where(b => b.RawLength > 2 * BlockSize).ToList();
        Assert.NotEmpty(pieced);
        for (var i = 0; i < archive.Manifest.Blocks.Count; i++)
        {
            var text = archive.RawBlocks[i];
            Assert.Equal((byte)'\n', text[^1]);
        }

        if (compression == ArchiveCompression.Lz4)
        {
            var file = await File.ReadAllBytesAsync(path);
            foreach (var block in pieced)
            {
                var frames = Lz4Frames(file.AsSpan((int)block.Offset, (int)block.Length));
                Assert.True(frames >= block.RawLength / (BlockSize + 64 * 1024), $"block {block.Id}: {block.RawLength} bytes in {frames} LZ4 frames");
            }
        }

        var tables = new[] { "public.big_rows", "public.small_rows" };
        var expected = await FingerprintsAsync(_db, tables);
        Assert.Equal(expected, await FingerprintsAsync(await DumpTestKit.RestoreWithPsqlAsync(_server, path), tables));
        foreach (var extra in new[] { Array.Empty<string>(), ["-j", "2"] })
        {
            var target = await _server.CreateDatabaseAsync("piecewise_target");
            await PgSnapCli.Default.RunCheckedAsync(["restore", path, "--url", _server.UrlFor(target), "--quiet", .. extra]);
            Assert.Equal(expected, await FingerprintsAsync(target, tables));
        }

        // The plan's DDL is one entry: the selective restore fills a table the target already has.
        var selective = await _server.CreateDatabaseAsync("piecewise_selective");
        await _server.ExecuteAsync(selective, Ddl);
        await PgSnapCli.Default.RunCheckedAsync(["restore", path, "--url", _server.UrlFor(selective), "--quiet", "-t", "big_rows", "-j", "2", "--no-single-transaction"]);
        Assert.Equal(expected[..1], await FingerprintsAsync(selective, tables[..1]));

        var verify = await PgSnapCli.Default.RunCheckedAsync(["verify", path]);
        Assert.Contains("complete", verify.StdOutText, StringComparison.Ordinal);
    }

    private async Task<string?[]> FingerprintsAsync(string database, string[] tables)
    {
        var result = new string?[tables.Length];
        for (var i = 0; i < tables.Length; i++)
        {
            result[i] = await DumpTestKit.TableFingerprintAsync(_server, database, tables[i]);
        }

        return result;
    }

    /// <summary>Counts the LZ4 frames (as PgSnap writes them: no content size, no checksums) that make up one block.</summary>
    private static int Lz4Frames(ReadOnlySpan<byte> block)
    {
        var frames = 0;
        var pos = 0;
        while (pos < block.Length)
        {
            Assert.Equal(0x184D2204u, BinaryPrimitives.ReadUInt32LittleEndian(block[pos..]));
            var flg = block[pos + 4];
            pos += 7 + ((flg & 0x08) != 0 ? 8 : 0);
            while (true)
            {
                var size = BinaryPrimitives.ReadUInt32LittleEndian(block[pos..]);
                pos += 4;
                if (size == 0)
                {
                    break;
                }

                pos += (int)(size & 0x7FFF_FFFF);
            }

            pos += (flg & 0x04) != 0 ? 4 : 0;
            frames++;
        }

        return frames;
    }
}
