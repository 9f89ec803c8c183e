using System.Text;
using PgSnap.Archive.Compression;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Tests.Dump;
using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;

namespace PgSnap.Tests.Verify;

/// <summary>A small database dumped by the real engine, and helpers to verify copies of the archive.</summary>
internal static class VerifyTestKit
{
    /// <summary>
    /// Creates a database with three tables (one empty, one with a row that looks like a block marker) and dumps it
    /// with small blocks so that the big table spans several data blocks.
    /// </summary>
    public static async Task<(string Database, string Path)> DumpAsync(TestServer server, string extension, CompressionSpec compression)
    {
        var database = await server.CreateDatabaseAsync("verify");
        const string ddl = """
            CREATE TABLE public.clients (id int PRIMARY KEY, name text);
            CREATE TABLE public.agent_calls (id int, note text);
            CREATE TABLE public.agent_deployments (id int);
            """;
        await server.ExecuteAsync(database, ddl);
        await server.ExecuteAsync(database, """
            INSERT INTO public.clients SELECT g, 'client ' || g FROM generate_series(1, 3) g;
            INSERT INTO public.agent_calls SELECT g, repeat('x', 200) || g FROM generate_series(1, 3000) g;
            INSERT INTO public.agent_calls VALUES (0, E'-- pgsnap:block {"id":99,"section":"data","kind":"TABLE DATA"}');
            """);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pgsnap-verify-{Guid.NewGuid():N}{extension}");
        await DumpTestKit.DumpToFileAsync(server, database, path, DumpTestKit.PlanFrom(ddl), compression: compression,
            blockSize: 64 * 1024, splitThreshold: 64 * 1024);
        return (database, path);
    }

    public static async Task<VerifyReport> VerifyFileAsync(string path, VerifyOptions? options = null)
    {
        await using var input = await ArchiveInput.OpenAsync(path, static () => throw new InvalidOperationException(), CancellationToken.None);
        return await ArchiveVerifier.VerifyAsync(input, options ?? new VerifyOptions(), CancellationToken.None);
    }

    /// <summary>Verifies as from a pipe: the stream cannot seek and has no path.</summary>
    public static async Task<VerifyReport> VerifyPipeAsync(byte[] bytes, VerifyOptions? options = null)
    {
        await using var input = await ArchiveInput.OpenAsync("-", () => new PipeLikeStream(bytes), CancellationToken.None);
        return await ArchiveVerifier.VerifyAsync(input, options ?? new VerifyOptions(), CancellationToken.None);
    }

    public static async Task<ArchiveManifest> ManifestAsync(string path)
    {
        using var index = await ArchiveIndex.TryOpenAsync(path, CancellationToken.None);
        return index!.Manifest;
    }

    public static string Copy(string path, Func<byte[], byte[]> change)
    {
        var copy = path + "." + Guid.NewGuid().ToString("N")[..6] + System.IO.Path.GetExtension(path);
        File.WriteAllBytes(copy, change(File.ReadAllBytes(path)));
        return copy;
    }

    public static string Text(VerifyReport report) => string.Join(" | ", report.Problems.Select(static p => p.Code + ": " + p.Message));

    private sealed class PipeLikeStream(byte[] data) : Stream
    {
        private int _pos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // Short reads, as a pipe gives.
            var n = Math.Min(Math.Min(count, 7000), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
