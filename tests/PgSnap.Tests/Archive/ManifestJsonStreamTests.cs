using System.IO.Hashing;
using System.Text;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Archive.Writing;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Archive;

/// <summary>
/// The manifest is parsed as it is read (<see cref="ManifestJsonStream"/>): what it passes on must be exactly what
/// <see cref="ManifestText.Join"/> makes of the whole block (prefixes, line breaks and trailing carriage returns left
/// out, empty lines skipped, a line without the prefix refused), whatever sizes the reads come in, and its hash is the
/// block's.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class ManifestJsonStreamTests
{
    public static TheoryData<string> Blocks() => new()
    {
        "-- pgsnap:manifest {\"format\":1}\n",
        "-- pgsnap:manifest {\"format\":\r\n-- pgsnap:manifest 1}\r\n",
        "\n\r\n-- pgsnap:manifest {\"a\":\n\n-- pgsnap:manifest 1}\n\n",
        "-- pgsnap:manifest {\"a\r\":1}\r\r\n",
        "-- pgsnap:manifest {}\r",
        "-- pgsnap:manifest {}",
        "-- pgsnap:manifest \n-- pgsnap:manifest {}\n",
        "\n\r\n",
        "-- pgsnap:manifest {\"format\":1,\n-- something else\n",
        "\r-- pgsnap:manifest {}\n",
        "-- pgsnap:manif\n",
        "-- pgsnap:manifest {}\n-- pgsnap:manif",
        "-- pgsnap:manifest{}\n",
        "x",
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task Reads_what_joining_the_whole_block_gives(string text)
    {
        await AssertSameAsJoinAsync(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public async Task Reads_a_manifest_of_many_short_lines_as_joining_them_gives()
    {
        var manifest = new ArchiveManifest
        {
            Blocks = Enumerable.Range(0, 300).Select(static i => new BlockRecord
            {
                Id = i,
                Section = "pre-data",
                Kind = "TABLE",
                Schema = "public",
                Name = $"odd, \"name\" \\ }},{{ {i}\nline",
                Offset = i * 100,
                Length = 100,
                Xxh64 = "0123456789abcdef",
            }).ToList(),
            Tables = [],
        };
        using var block = BlockText.ManifestBlock(manifest);
        var bytes = block.WrittenSpan.ToArray();
        await AssertSameAsJoinAsync(bytes);
        await AssertSameAsJoinAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    private static async Task AssertSameAsJoinAsync(byte[] block)
    {
        var joined = ManifestText.Join(block);
        foreach (var readSize in new[] { 1, 3, 17, 1 << 16 })
        {
            var stream = new ManifestJsonStream(new MemoryStream(block));
            var output = new MemoryStream();
            var buffer = new byte[readSize];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
            }

            await stream.DrainAsync(CancellationToken.None);
            Assert.Equal(XxHash64.HashToUInt64(block), stream.BlockHash);
            Assert.Equal(joined is null, stream.HasBadLine);
            if (joined is not null)
            {
                Assert.Equal(Encoding.UTF8.GetString(joined), Encoding.UTF8.GetString(output.ToArray()));
            }
        }
    }
}
