using System.IO.Compression;
using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;

namespace PgSnap.Tests.Retention;

/// <summary>A temp folder of crafted backup files: names, contents (complete or not) and modification times.</summary>
internal sealed class BackupFolder : IDisposable
{
    /// <summary>Default modification time: well before every test's "now", so no file is inside a grace period by accident.</summary>
    private static readonly DateTime s_longAgo = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public BackupFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pgsnap-retention-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string ArchivePath => System.IO.Path.Combine(Path, "archives");

    /// <summary>A PgSnap archive whose footer decodes (complete) or that stops before it (incomplete).</summary>
    public string PgSnap(string name, bool complete = true, DateTime? mtimeUtc = null, string? folder = null)
    {
        var compression = name.EndsWith(".gz", StringComparison.Ordinal) || name.EndsWith(".gz.partial", StringComparison.Ordinal) ? ArchiveCompression.Gzip
            : name.Contains(".lz4", StringComparison.Ordinal) ? ArchiveCompression.Lz4 : ArchiveCompression.None;
        using var content = new MemoryStream();
        var body = Encoding.UTF8.GetBytes("-- pgsnap archive v1\nSET statement_timeout = 0;\n");
        if (compression == ArchiveCompression.Gzip)
        {
            using (var gzip = new GZipStream(content, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(body);
            }
        }
        else if (compression == ArchiveCompression.Lz4)
        {
            content.Write(StoredLz4Frame(body));
        }
        else
        {
            content.Write(body);
        }

        if (complete)
        {
            content.Write(new ArchiveFooter(content.Length, 10, 0x1234UL).Encode(compression));
        }

        return Write(name, content.ToArray(), mtimeUtc, folder);
    }

    /// <summary>A pg_dump plain file, with or without its "dump complete" trailer.</summary>
    public string PgDump(string name, bool complete = true, bool gzip = false, DateTime? mtimeUtc = null)
    {
        var text = "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.t (id integer);\n";
        if (complete)
        {
            text += "\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n";
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var stream = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                stream.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return Write(name, bytes, mtimeUtc, null);
    }

    /// <summary>One LZ4 frame holding the bytes as an uncompressed block: enough for magic-byte detection.</summary>
    private static byte[] StoredLz4Frame(byte[] data)
    {
        var frame = new byte[4 + 3 + 4 + data.Length + 4];
        new byte[] { 0x04, 0x22, 0x4D, 0x18, 0x60, 0x40 }.CopyTo(frame, 0);
        frame[6] = (byte)((System.IO.Hashing.XxHash32.HashToUInt32(frame.AsSpan(4, 2)) >> 8) & 0xFF);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(7), (uint)data.Length | 0x8000_0000u);
        data.CopyTo(frame, 11);
        return frame;
    }

    public string Write(string name, byte[] content, DateTime? mtimeUtc = null, string? folder = null)
    {
        var dir = folder ?? Path;
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, mtimeUtc ?? s_longAgo);
        return path;
    }

    public void Drill(string archivePath, bool passed) =>
        File.WriteAllText(archivePath + ".drill.json", $"{{\"passed\": {(passed ? "true" : "false")}, \"finished_utc\": \"2025-11-21T10:00:00Z\"}}");

    public bool Exists(string name) => File.Exists(System.IO.Path.Combine(Path, name));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
