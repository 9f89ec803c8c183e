using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Writing;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Assembles small PgSnap archives (docs/FORMAT.md v1) for restore tests until the real writer lands: header,
/// marked blocks each compressed alone (gzip member / stored LZ4 frames / zstd frame / raw), manifest and footer.
/// </summary>
internal sealed class TestArchiveBuilder
{
    private const string SessionSettings = """
        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET client_min_messages = warning;

        """;

    private readonly List<(string Section, string Kind, string? Schema, string? Name, string Sql, long? Rows, string? Table)> _blocks = [];

    /// <param name="table">The manifest's optional "table" of a post-data block (in <paramref name="schema"/>).</param>
    public TestArchiveBuilder Add(string section, string kind, string? schema, string? name, string sql, long? rows = null, string? table = null)
    {
        _blocks.Add((section, kind, schema, name, sql.EndsWith('\n') ? sql : sql + "\n", rows, table));
        return this;
    }

    /// <summary>Writes the archive; with <paramref name="complete"/> false the manifest and footer are left out.</summary>
    public byte[] Build(ArchiveCompression compression, bool complete = true)
    {
        var file = new MemoryStream();
        var records = new List<BlockRecord>();
        long rawOffset = 0;

        void Write(int id, string section, string kind, string? schema, string? name, byte[] raw, long? rows, string? table = null)
        {
            var offset = file.Position;
            file.Write(Compress(raw, compression));
            records.Add(new BlockRecord
            {
                Id = id,
                Section = section,
                Kind = kind,
                Schema = schema,
                Name = name,
                Offset = offset,
                Length = file.Position - offset,
                RawOffset = rawOffset,
                RawLength = raw.Length,
                Xxh64 = XxHash64.HashToUInt64(raw).ToString("x16"),
                Rows = rows,
                Table = table is null ? null : new BlockTable { Schema = schema!, Name = table },
            });
            rawOffset += raw.Length;
        }

        var header = new ArchiveHeader { Tool = "test", Database = "src", Compression = compression.ToString().ToLowerInvariant() };
        Write(0, "header", "HEADER", null, null,
            Encoding.UTF8.GetBytes($"{ArchiveHeader.FirstLine}\n{ArchiveHeader.LinePrefix}{JsonSerializer.Serialize(header, ArchiveJsonContext.Default.ArchiveHeader)}\n{SessionSettings}"), null);
        var id = 1;
        foreach (var (section, kind, schema, name, sql, rows, table) in _blocks)
        {
            var marker = new BlockMarker { Id = id, Section = section, Kind = kind, Schema = schema, Name = name };
            Write(id++, section, kind, schema, name, Encoding.UTF8.GetBytes($"{BlockMarker.LinePrefix}{JsonSerializer.Serialize(marker, ArchiveJsonContext.Default.BlockMarker)}\n{sql}"), rows, table);
        }

        if (complete)
        {
            var manifest = new ArchiveManifest { Blocks = records, FinishedUtc = DateTimeOffset.UnixEpoch };
            var raw = Encoding.UTF8.GetBytes($"{ArchiveManifest.LinePrefix}{JsonSerializer.Serialize(manifest, ArchiveJsonContext.Default.ArchiveManifest)}\n");
            var offset = file.Position;
            file.Write(Compress(raw, compression));
            file.Write(new ArchiveFooter(offset, file.Position - offset, XxHash64.HashToUInt64(raw)).Encode(compression));
        }

        return file.ToArray();
    }

    public static byte[] Compress(byte[] raw, ArchiveCompression compression)
    {
        switch (compression)
        {
            case ArchiveCompression.None:
                return raw;
            case ArchiveCompression.Gzip:
                {
                    var ms = new MemoryStream();
                    using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gz.Write(raw);
                    }

                    return ms.ToArray();
                }

            case ArchiveCompression.Zstd:
                {
                    // The dump's own block compressor: one zstd frame with content size and checksum.
                    using var frame = new PooledBuffer(raw.Length);
                    CompressionSpec.Zstd.CreateCompressor().Compress(raw, frame);
                    return frame.WrittenSpan.ToArray();
                }

            default:
                {
                    // One LZ4 frame of stored (uncompressed) 64 KiB blocks: valid for every LZ4 reader.
                    var ms = new MemoryStream();
                    ms.Write([0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, (byte)((XxHash32.HashToUInt32([0x60, 0x40]) >> 8) & 0xFF)]);
                    Span<byte> size = stackalloc byte[4];
                    for (var at = 0; at < raw.Length; at += 65536)
                    {
                        var n = Math.Min(65536, raw.Length - at);
                        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)n | 0x8000_0000u);
                        ms.Write(size);
                        ms.Write(raw, at, n);
                    }

                    ms.Write([0, 0, 0, 0]);
                    return ms.ToArray();
                }
        }
    }
}
