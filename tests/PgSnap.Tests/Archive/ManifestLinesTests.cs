using System.Text;
using System.Text.Json;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Writing;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

/// <summary>
/// The manifest block is cut into short lines (so that <c>tail</c> of an archive is readable) and read back by
/// joining the pieces after the prefixes (docs/FORMAT.md, "Manifest").
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ManifestLinesTests
{
    [Fact]
    public void A_manifest_of_many_blocks_is_short_lines_that_join_back_to_the_same_manifest()
    {
        var manifest = new ArchiveManifest
        {
            Snapshot = "00000003-0000001B-1",
            FinishedUtc = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero),
            // Names with commas, quotes, backslashes, braces and a newline: no break may change them.
            Blocks = Enumerable.Range(0, 500).Select(static i => new BlockRecord
            {
                Id = i,
                Section = "pre-data",
                Kind = "TABLE",
                Schema = "public",
                Name = i % 2 == 0 ? $"t{i}" : $"odd, \"name\" \\ }},{{ {i}\nline",
                Offset = i * 100,
                Length = 100,
                Xxh64 = "0123456789abcdef",
            }).ToList(),
            Tables = [new TableRecord { Schema = "public", Name = "t0", Rows = 3 }],
        };

        using var block = BlockText.ManifestBlock(manifest);
        var text = Encoding.UTF8.GetString(block.WrittenSpan);
        var lines = text.TrimEnd('\n').Split('\n');

        Assert.True(lines.Length > 500, $"{lines.Length} lines for 500 blocks: one record per line at least");
        Assert.All(lines, static l => Assert.StartsWith(ArchiveManifest.LinePrefix, l, StringComparison.Ordinal));
        Assert.All(lines, static l => Assert.True(l.Length <= 400, $"a line of {l.Length} characters: {l[..Math.Min(80, l.Length)]}…"));

        var joined = ManifestText.Join(block.WrittenSpan);
        Assert.NotNull(joined);
        var back = JsonSerializer.Deserialize(joined, ArchiveJsonContext.Default.ArchiveManifest)!;
        Assert.Equal(
            JsonSerializer.Serialize(manifest, ArchiveJsonContext.Default.ArchiveManifest),
            JsonSerializer.Serialize(back, ArchiveJsonContext.Default.ArchiveManifest));
    }

    [Fact]
    public void A_one_line_manifest_of_an_older_archive_reads_the_same_and_a_foreign_line_is_refused()
    {
        var old = "-- pgsnap:manifest {\"format\":1,\"blocks\":[],\"tables\":[]}\n"u8;
        Assert.Equal("{\"format\":1,\"blocks\":[],\"tables\":[]}", Encoding.UTF8.GetString(ManifestText.Join(old)!));
        Assert.Null(ManifestText.Join("-- pgsnap:manifest {\"format\":1,\n-- something else\n"u8));
    }
}
