using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

public sealed class PgDumpRestoreTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task A_pg_dump_plain_file_restores_to_the_same_schema_and_rows(string compression)
    {
        var server = await TestServer.GetAsync();
        var source = await RestoreFixture.CreateSourceAsync("rs_src");
        var target = await server.CreateDatabaseAsync("rs_dst");
        var file = RestoreFixture.TempFile("dump.sql");
        await RestoreFixture.PgDumpAsync(source, file);
        if (compression != "none")
        {
            // Each tool writes the whole file as one member/frame: no block framing, so it restores by streaming.
            var (args, extension) = compression switch
            {
                "gzip" => (new[] { "-f", file }, ".gz"),
                "zstd" => (new[] { "-q", "--rm", file, "-o", file + ".zst" }, ".zst"),
                _ => (new[] { "-q", "--rm", file, file + ".lz4" }, ".lz4"),
            };
            var r = await ProcessRunner.RunAsync(compression, args);
            Assert.True(r.ExitCode == 0, r.StdErr);
            file += extension;
        }

        var summary = await RestoreFixture.RestoreAsync(file, target);

        Assert.Equal("pg_dump", summary.Format);
        Assert.Equal(2004, summary.Rows);
        Assert.Equal(await RestoreFixture.SchemaAsync(source), await RestoreFixture.SchemaAsync(target));
        Assert.Equal(await RestoreFixture.ContentAsync(source), await RestoreFixture.ContentAsync(target));
    }

    [Fact]
    public async Task A_target_that_already_holds_tables_is_refused_unless_forced()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_busy");
        await server.ExecuteAsync(target, "CREATE TABLE public.precious (id int)");
        var file = RestoreFixture.TempFile("small.sql");
        await File.WriteAllTextAsync(file, "CREATE TABLE public.t (a int);\n");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target));
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("public.precious", ex.Message, StringComparison.Ordinal);

        await RestoreFixture.RestoreAsync(file, target, new RestoreOptions { Force = true });
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"));
    }

    [Theory]
    [InlineData("\\! touch /tmp/pgsnap-should-not-exist")]
    [InlineData("\\i /etc/passwd")]
    [InlineData("\\copy t from '/etc/passwd'")]
    [InlineData("\\o /tmp/out")]
    [InlineData("\\set ON_ERROR_STOP off")]
    public async Task Other_meta_commands_are_refused_before_anything_runs(string meta)
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_meta");
        var file = RestoreFixture.TempFile("meta.sql");
        await File.WriteAllTextAsync(file, $"CREATE TABLE public.t (a int);\n{meta}\nSELECT 1;\n");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target));

        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains($"{file}:2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task A_connect_to_another_database_is_refused_and_the_same_database_is_ignored()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_conn");
        var same = RestoreFixture.TempFile("same.sql");
        await File.WriteAllTextAsync(same, $"\\restrict k1\n\\connect {target}\nCREATE TABLE public.t (a int);\n\\unrestrict k1\n");
        await RestoreFixture.RestoreAsync(same, target);

        var other = RestoreFixture.TempFile("other.sql");
        await File.WriteAllTextAsync(other, "\\connect postgres\nCREATE TABLE public.u (a int);\n");
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(other, target, new RestoreOptions { Force = true }));
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("--allow-connect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_row_halfway_through_copy_stops_with_the_line_and_leaves_nothing_with_single_transaction()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_fail");
        var file = RestoreFixture.TempFile("fail.sql");
        var rows = string.Concat(Enumerable.Range(1, 500).Select(i => $"{i}\n"));
        await File.WriteAllTextAsync(file, $"CREATE TABLE public.t (a int);\nCOPY public.t (a) FROM stdin;\n{rows}oops\n\\.\nCREATE TABLE public.after (a int);\n");

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target, new RestoreOptions { SingleTransaction = true }));

        Assert.Equal(PgSnapErrorKind.RestoreFailed, ex.Kind);
        Assert.Equal("22P02", ex.SqlState);
        Assert.Contains($"{file}:2: COPY public.t (a) FROM stdin;", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 501", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Missing_roles_are_named_before_anything_runs_unless_owner_and_acl_are_skipped()
    {
        var server = await TestServer.GetAsync();
        var target = await server.CreateDatabaseAsync("rs_roles");
        var file = RestoreFixture.TempFile("roles.sql");
        await File.WriteAllTextAsync(file, """
            CREATE TABLE public.t (a int);
            ALTER TABLE public.t OWNER TO "Ghost Owner";
            GRANT SELECT ON TABLE public.t TO reader_nobody, PUBLIC;
            REVOKE ALL ON TABLE public.t FROM postgres;
            """);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => RestoreFixture.RestoreAsync(file, target));
        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.Contains("Ghost Owner, reader_nobody", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        var summary = await RestoreFixture.RestoreAsync(file, target, new RestoreOptions { NoOwner = true, NoAcl = true });
        Assert.Equal(3, summary.Skipped);
        Assert.Equal(1L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }
}
