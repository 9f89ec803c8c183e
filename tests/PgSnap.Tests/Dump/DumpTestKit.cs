using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using K4os.Compression.LZ4;
using Npgsql;
using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Manifest;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Dump;
using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// Helpers for the data-engine tests: a hand-built plan (the tests own their DDL, so they do not depend on the
/// catalog reader), running a dump to a file, restoring with psql, comparing tables, and reading an archive back
/// through its footer and manifest.
/// </summary>
internal static class DumpTestKit
{
    /// <summary>A plan whose pre-data is the given DDL and whose data are the database's public tables.</summary>
    public static DumpPlanSource PlanFrom(string preDataSql, IReadOnlyList<DdlEntry>? dataDdl = null) => async (connection, options, _, ct) =>
    {
        var tables = await TablesAsync(connection, ct);
        return new DumpPlan(
            [new DdlEntry(DumpSection.PreData, "TABLE", "public", "tables", "postgres", preDataSql)],
            tables,
            dataDdl ?? [],
            []);
    };

    public static async Task<IReadOnlyList<TableDataEntry>> TablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string sql = """
            SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner),
                   pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
                   coalesce((SELECT string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                             FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''), ''),
                   c.oid::int8, c.reltuples::int8, c.relpages::int8, pg_catalog.pg_relation_size(c.oid), c.relkind = 'r'
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
            ORDER BY c.relname
            """;
        await using var cmd = new NpgsqlCommand(sql, connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<TableDataEntry>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new TableDataEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                (uint)reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetBoolean(9)));
        }

        return list;
    }

    public static ConnectionSpec Spec(TestServer server, string database) => ConnectionStringParser.Parse(server.UrlFor(database));

    public static async Task<DumpSummary> DumpToFileAsync(
        TestServer server, string database, string path, DumpPlanSource plan, DumpOptions? options = null,
        CompressionSpec? compression = null, int blockSize = 8 * 1024 * 1024, long splitThreshold = 64L * 1024 * 1024,
        IDumpProgress? progress = null, bool force = false, ICopyOutSessionFactory? sessions = null, CancellationToken ct = default)
    {
        var job = new DumpJob(Spec(server, database), options ?? new DumpOptions(), DumpOutput.ToFile(path, compression, force), plan)
        {
            BlockSize = blockSize,
            SplitThresholdBytes = splitThreshold,
            Progress = progress,
            SessionFactory = sessions,
        };
        return await job.RunAsync(ct);
    }

    /// <summary>Restores a file into a new database with psql (through zcat / lz4 -dc / zstd -dc when compressed).</summary>
    public static async Task<string> RestoreWithPsqlAsync(TestServer server, string path, string prefix = "restored")
    {
        var target = await server.CreateDatabaseAsync(prefix);
        var psql = PostgresBinaries.Tool("psql");
        var env = server.ToolEnvironment();
        var decompress = path.EndsWith(".gz", StringComparison.Ordinal) ? $"zcat '{path}'"
            : path.EndsWith(".lz4", StringComparison.Ordinal) ? $"lz4 -dc '{path}'"
            : path.EndsWith(".zst", StringComparison.Ordinal) ? $"zstd -q -dc '{path}'"
            : $"cat '{path}'";
        var result = await ProcessRunner.RunAsync(
            "bash", ["-c", $"set -o pipefail; {decompress} | '{psql}' -X -q -v ON_ERROR_STOP=1 -d '{target}' -f -"], env);
        Assert.True(result.ExitCode == 0, $"psql restore failed ({result.ExitCode}): {result.StdErr}");
        return target;
    }

    /// <summary>Row count and an order-independent checksum of a table's rows.</summary>
    public static Task<string?> TableFingerprintAsync(TestServer server, string database, string table) =>
        server.ScalarAsync<string>(database,
            $"SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM {table} t");

    /// <summary>The server's own COPY TO STDOUT bytes of a query, through psql (the oracle for byte exactness).</summary>
    public static async Task<byte[]> ServerCopyAsync(TestServer server, string database, string copySql)
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await ProcessRunner.RunAsync(
                PostgresBinaries.Tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-o", file, "-c", copySql], server.ToolEnvironment());
            Assert.True(result.ExitCode == 0, result.StdErr);
            return await File.ReadAllBytesAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>An archive read back through its footer and manifest, with every block decompressed alone.</summary>
    public sealed record ReadArchive(ArchiveManifest Manifest, IReadOnlyList<byte[]> RawBlocks, byte[] RawManifest, ArchiveFooter Footer);

    public static ReadArchive Read(string path, ArchiveCompression compression)
    {
        var file = File.ReadAllBytes(path);
        var footerLength = ArchiveFooter.EncodedLength(compression);
        var footer = ArchiveFooter.TryDecode(file.AsSpan(file.Length - footerLength), compression);
        Assert.NotNull(footer);
        Assert.Equal(file.Length - footerLength, footer.ManifestOffset + footer.ManifestLength);
        var rawManifest = Decompress(file.AsSpan((int)footer.ManifestOffset, (int)footer.ManifestLength), compression);
        Assert.Equal(footer.ManifestXxh64, XxHash64.HashToUInt64(rawManifest));
        var text = Encoding.UTF8.GetString(rawManifest);
        Assert.StartsWith(ArchiveManifest.LinePrefix, text, StringComparison.Ordinal);
        var manifest = JsonSerializer.Deserialize(ManifestText.Join(rawManifest)!, ArchiveJsonContext.Default.ArchiveManifest)!;
        var blocks = new List<byte[]>();
        long expectedOffset = 0, expectedRaw = 0;
        foreach (var record in manifest.Blocks)
        {
            Assert.Equal(expectedOffset, record.Offset);
            Assert.Equal(expectedRaw, record.RawOffset);
            var raw = Decompress(file.AsSpan((int)record.Offset, (int)record.Length), compression);
            Assert.Equal(record.RawLength, raw.Length);
            Assert.Equal(record.Xxh64, XxHash64.HashToUInt64(raw).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            blocks.Add(raw);
            expectedOffset += record.Length;
            expectedRaw += record.RawLength;
        }

        Assert.Equal(expectedOffset, footer.ManifestOffset);
        return new ReadArchive(manifest, blocks, rawManifest, footer);
    }

    public static byte[] Decompress(ReadOnlySpan<byte> block, ArchiveCompression compression)
    {
        switch (compression)
        {
            case ArchiveCompression.None:
                return block.ToArray();
            case ArchiveCompression.Gzip:
                {
                    using var input = new MemoryStream(block.ToArray());
                    using var gzip = new GZipStream(input, CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    gzip.CopyTo(output);
                    return output.ToArray();
                }

            case ArchiveCompression.Zstd:
                {
                    // Magic, then a frame header descriptor with a content size (FCS flag or single segment) and
                    // the content checksum flag, as docs/FORMAT.md promises for every block's frame.
                    Assert.True(block[..4].SequenceEqual((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]), "block does not start with a zstd frame");
                    var descriptor = block[4];
                    Assert.True((descriptor & 0x04) != 0, $"zstd frame without content checksum (descriptor 0x{descriptor:x2})");
                    Assert.True((descriptor & 0xC0) != 0 || (descriptor & 0x20) != 0, $"zstd frame without content size (descriptor 0x{descriptor:x2})");
                    using var input = new MemoryStream(block.ToArray());
                    using var zstd = new ZstdSharp.DecompressionStream(input);
                    using var output = new MemoryStream();
                    zstd.CopyTo(output);
                    return output.ToArray();
                }

            default:
                return DecodeLz4Frame(block);
        }
    }

    /// <summary>
    /// A minimal LZ4 frame reader (independent blocks, optional content checksum) for the tests: one block is one
    /// frame, or several when it was written in pieces (docs/FORMAT.md, "Blocks written in pieces").
    /// </summary>
    private static byte[] DecodeLz4Frame(ReadOnlySpan<byte> frames)
    {
        using var all = new MemoryStream();
        var start = 0;
        while (start < frames.Length)
        {
            var (content, length) = DecodeOneLz4Frame(frames[start..]);
            all.Write(content);
            start += length;
        }

        return all.ToArray();
    }

    private static (byte[] Content, int Length) DecodeOneLz4Frame(ReadOnlySpan<byte> frame)
    {
        Assert.Equal(0x184D2204u, BinaryPrimitives.ReadUInt32LittleEndian(frame));
        var flg = frame[4];
        var pos = 7 + ((flg & 0x08) != 0 ? 8 : 0);
        using var output = new MemoryStream();
        var scratch = new byte[4 * 1024 * 1024];
        while (true)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(frame[pos..]);
            pos += 4;
            if (size == 0)
            {
                break;
            }

            var length = (int)(size & 0x7FFF_FFFF);
            if ((size & 0x8000_0000) != 0)
            {
                output.Write(frame.Slice(pos, length));
            }
            else
            {
                var n = LZ4Codec.Decode(frame.Slice(pos, length), scratch);
                Assert.True(n >= 0, "bad LZ4 block");
                output.Write(scratch, 0, n);
            }

            pos += length;
        }

        var content = output.ToArray();
        if ((flg & 0x04) != 0)
        {
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(frame[pos..]), XxHash32.HashToUInt32(content));
            pos += 4;
        }

        return (content, pos);
    }
}
