using System.IO.Compression;
using System.Text;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

public sealed class StdinAndDryRunTests
{
    [Fact]
    public async Task A_forbidden_meta_command_at_the_end_of_stdin_is_refused_before_anything_runs()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_stdin_meta");
        var script = "CREATE TABLE public.first (a int);\nCOPY public.first (a) FROM stdin;\n1\n2\n\\.\n\\! touch /tmp/pgsnap-should-not-exist\n";

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreStdinAsync(script, target, new RestoreOptions()));

        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("stdin:6", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task A_gzipped_script_from_stdin_restores_and_its_errors_name_stdin()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_stdin_gz");
        var script = "CREATE TABLE public.t (a int);\nCOPY public.t (a) FROM stdin;\n1\n2\n3\n\\.\nSELECT 1/0;\n";
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(script));
        }

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreEngine.RunAsync("-", () => new MemoryStream(packed.ToArray()),
            RestoreFixture.SpecFor(server, target), new RestoreOptions(), CancellationToken.None));

        Assert.Equal(PgSnapErrorKind.RestoreFailed, ex.Kind);
        Assert.StartsWith("stdin:7: SELECT 1/0;", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.t"));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"pgsnap-stdin-{Environment.ProcessId}-*"));
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public async Task A_dry_run_lists_statements_and_rows_without_any_server()
    {
        var file = RestoreFixture.TempFile("dry.sql");
        await File.WriteAllTextAsync(file, "CREATE TABLE public.t (a int);\nCOPY public.t (a) FROM stdin;\n1\n2\n\\.\nALTER TABLE public.t OWNER TO nobody_here;\n");
        var listing = new StringWriter();

        var summary = await RestoreEngine.RunAsync(file, static () => throw new InvalidOperationException("no stdin"), spec: null,
            new RestoreOptions { DryRun = true, DryRunOutput = listing }, CancellationToken.None);

        Assert.True(summary.DryRun);
        Assert.Equal(3L, summary.Statements);
        Assert.Equal(2L, summary.Rows);
        var lines = listing.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{file}:1: CREATE TABLE public.t (a int);", lines[0]);
        Assert.Equal($"{file}:2: COPY public.t (a) FROM stdin; (2 rows)", lines[1]);
        Assert.StartsWith($"{file}:6: ALTER TABLE public.t OWNER TO", lines[2], StringComparison.Ordinal);
    }

    private static async Task<RestoreSummary> RestoreStdinAsync(string script, string database, RestoreOptions options)
    {
        var server = await TestServer.GetAsync();
        return await RestoreEngine.RunAsync("-", () => new MemoryStream(Encoding.UTF8.GetBytes(script)),
            RestoreFixture.SpecFor(server, database), options, CancellationToken.None);
    }
}
