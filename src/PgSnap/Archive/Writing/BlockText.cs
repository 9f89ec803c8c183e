using System.Text;
using System.Text.Json;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Writing;

/// <summary>The fixed text of the format: header lines, session settings and block marker lines (docs/FORMAT.md).</summary>
internal static class BlockText
{
    /// <summary>The session settings every archive starts with, as pg_dump writes them.</summary>
    public const string SessionSettings =
        "SET statement_timeout = 0;\n" +
        "SET lock_timeout = 0;\n" +
        "SET idle_in_transaction_session_timeout = 0;\n" +
        "SET client_encoding = 'UTF8';\n" +
        "SET standard_conforming_strings = on;\n" +
        "SELECT pg_catalog.set_config('search_path', '', false);\n" +
        "SET check_function_bodies = false;\n" +
        "SET xmloption = content;\n" +
        "SET client_min_messages = warning;\n" +
        "SET row_security = off;\n";

    /// <summary>The header block: first line, JSON line, session settings and any extra settings.</summary>
    public static byte[] Header(ArchiveHeader header, string extraSettings)
    {
        var json = JsonSerializer.Serialize(header, ArchiveJsonContext.Default.ArchiveHeader);
        return Encoding.UTF8.GetBytes(
            ArchiveHeader.FirstLine + "\n" + ArchiveHeader.LinePrefix + json + "\n\n" + SessionSettings + extraSettings + "\n");
    }

    /// <summary>Writes <c>-- pgsnap:block {json}\n</c> for <paramref name="info"/> with id <paramref name="id"/>.</summary>
    public static void WriteMarker(PooledBuffer destination, int id, BlockInfo info)
    {
        destination.Write(MarkerLine(id, info));
    }

    public static byte[] MarkerLine(int id, BlockInfo info)
    {
        var marker = new BlockMarker
        {
            Id = id,
            Section = info.Section,
            Kind = info.Kind,
            Schema = info.Schema,
            Name = info.Name,
            Owner = info.Owner,
            Chunk = info.Chunk,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(marker, ArchiveJsonContext.Default.BlockMarker);
        var prefix = BlockMarker.LinePrefix;
        var line = new byte[prefix.Length + json.Length + 1];
        Encoding.ASCII.GetBytes(prefix, line);
        json.CopyTo(line, prefix.Length);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>
    /// The manifest block's lines, serialized straight into a pooled buffer: with thousands of tables the manifest
    /// is several MB, and building it as an array first, then the text, then the block, held it four times over.
    /// <see cref="ManifestLineWriter"/> cuts it into short lines on the way.
    /// </summary>
    public static PooledBuffer ManifestBlock(ArchiveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var estimate = (manifest.Blocks.Count * 240L) + ((manifest.Objects?.Count ?? 0) * 180L) + 4096;
        var raw = new PooledBuffer((int)Math.Min(estimate, 256L * 1024 * 1024));
        try
        {
            var prefix = Encoding.ASCII.GetBytes(ArchiveManifest.LinePrefix);
            raw.Write(prefix);
            var options = ArchiveJsonContext.Default.Options;
            using (var lines = new ManifestLineWriter(raw, prefix))
            using (var json = new Utf8JsonWriter(lines, new JsonWriterOptions { Encoder = options.Encoder, Indented = false, SkipValidation = true }))
            {
                JsonSerializer.Serialize(json, manifest, ArchiveJsonContext.Default.ArchiveManifest);
            }

            raw.Write("\n"u8);
            return raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }
}
