using System.Text.RegularExpressions;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Runbook;

/// <summary>
/// The seed runbook's pre-migration workflow end to end, as README.md's "Guard rails" recipe writes it, with the
/// real binary: back up (full, schema-only, data-only, by the naming convention), prove the backup whole with the
/// critical tables required, restore it to staging, compare staging and the source with the archive, migrate
/// (drop a column, rewrite an RLS policy), roll back by restoring over the source, and find every row back.
/// </summary>
public sealed class RunbookTests(ITestOutputHelper output)
{
    private const string Schema = """
        CREATE TABLE public.clients (id serial PRIMARY KEY, name text NOT NULL, tenant text NOT NULL);
        CREATE TABLE public.agent_deployments (id int PRIMARY KEY, client_id int REFERENCES public.clients(id), region text);
        CREATE TABLE public.agent_calls (id bigint PRIMARY KEY, client_id int NOT NULL REFERENCES public.clients(id),
                                         transcript text, cost numeric(10,2));
        CREATE INDEX agent_calls_client ON public.agent_calls (client_id);
        ALTER TABLE public.agent_calls ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_calls ON public.agent_calls USING (client_id IN (SELECT id FROM public.clients WHERE tenant = current_user));
        INSERT INTO public.clients (name, tenant) SELECT 'client ' || g, 'tenant' || (g % 3) FROM generate_series(1, 40) g;
        INSERT INTO public.agent_deployments SELECT g, 1 + g % 40, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END FROM generate_series(1, 25) g;
        INSERT INTO public.agent_calls SELECT g, 1 + g % 40, 'call ' || g || E' said "hi";\n', g * 0.25 FROM generate_series(1, 3000) g;
        """;

    private static readonly string[] s_tables = ["public.clients", "public.agent_deployments", "public.agent_calls"];

    [Fact]
    public async Task Pre_migration_backup_verify_staging_restore_compare_migrate_and_roll_back_loses_nothing()
    {
        var server = await TestServer.GetAsync();
        var prod = await server.CreateDatabaseAsync("runbook_prod");
        var staging = await server.CreateDatabaseAsync("runbook_staging");
        var dbDump = Directory.CreateTempSubdirectory("pgsnap-runbook-").FullName;
        try
        {
            await server.ExecuteAsync(prod, Schema);
            var before = await StateAsync(server, prod);

            // 1. Back up before the migration: full, schema only and data only, named by convention.
            await Pgsnap("dump", "--url", server.UrlFor(prod), "--output-dir", dbDump, "--env", "prod", "--label", "pre-migration", "--quiet");
            await Pgsnap("dump", "--url", server.UrlFor(prod), "--schema-only", "--output-dir", dbDump, "--env", "prod", "--label", "pre-migration", "--quiet");
            await Pgsnap("dump", "--url", server.UrlFor(prod), "--data-only", "--output-dir", dbDump, "--env", "prod", "--label", "pre-migration", "--quiet");
            var full = Single(dbDump, "backup");
            var schemaOnly = Single(dbDump, "schema");
            var dataOnly = Single(dbDump, "data");

            // 2. Prove them whole, with the critical tables present (and not empty where there is data).
            var required = string.Join(',', s_tables);
            var verified = await Pgsnap("verify", full, "--require-table", required, "--require-rows");
            Assert.Contains("required public.agent_calls: present, 3000 rows", verified.StdOutText, StringComparison.Ordinal);
            await Pgsnap("verify", schemaOnly, "--require-table", required);
            await Pgsnap("verify", dataOnly, "--require-table", required, "--require-rows");

            // 3. Restore to staging and compare: the archive against staging and against the source.
            await Pgsnap("restore", full, "--url", server.UrlFor(staging));
            await Pgsnap("verify", full, "--against", server.UrlFor(staging));
            await Pgsnap("verify", full, "--against", server.UrlFor(prod));
            Assert.Equal(before, await StateAsync(server, staging));

            // 4. The migration: drop a column, rewrite the RLS policy, lose some rows.
            await server.ExecuteAsync(prod, """
                ALTER TABLE public.agent_calls DROP COLUMN transcript;
                DROP POLICY tenant_calls ON public.agent_calls;
                CREATE POLICY tenant_calls_v2 ON public.agent_calls USING (true);
                DELETE FROM public.agent_calls WHERE id % 7 = 0;
                """);
            Assert.NotEqual(before, await StateAsync(server, prod));
            var drifted = await PgSnapCli.Default.RunAsync(["verify", full, "--against", server.UrlFor(prod)]);
            Assert.Equal(1, drifted.ExitCode);

            // 5. Roll back: restore the pre-migration backup over the source (a safety backup of the migrated state first).
            var rollback = await Pgsnap("restore", full, "--url", server.UrlFor(prod), "--clean", "--backup-dir", dbDump, "--env", "prod");
            output.WriteLine(rollback.StdErr);
            Assert.Equal(before, await StateAsync(server, prod));
            await Pgsnap("verify", full, "--against", server.UrlFor(prod));
            var safety = Assert.Single(Directory.GetFiles(dbDump, "backup_prod_*_pre-restore.sql.gz"));
            await Pgsnap("verify", safety, "--require-table", required);
        }
        finally
        {
            await server.DropDatabaseAsync(prod);
            await server.DropDatabaseAsync(staging);
            Directory.Delete(dbDump, recursive: true);
        }
    }

    private async Task<ProcessRunner.BinaryResult> Pgsnap(params string[] args)
    {
        var result = await PgSnapCli.Default.RunCheckedAsync(args);
        output.WriteLine($"pgsnap {args[0]} {args[1]}…: {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    /// <summary>The one file of <paramref name="kind"/> in the folder, named {kind}_prod_{yyyyMMdd}_{HHmmss}{±hhmm}_pre-migration.sql.gz (local time and its offset).</summary>
    private static string Single(string folder, string kind)
    {
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => n!.StartsWith(kind + "_", StringComparison.Ordinal)).ToList();
        var name = Assert.Single(names);
        Assert.Matches(new Regex($"^{kind}_prod_[0-9]{{8}}_[0-9]{{6}}[+-][0-9]{{4}}_pre-migration\\.sql\\.gz$"), name);
        return Path.Combine(folder, name!);
    }

    /// <summary>Every table's rows (count and checksum), the columns of agent_calls and its policies.</summary>
    private static async Task<string> StateAsync(TestServer server, string database)
    {
        var parts = new List<string>();
        foreach (var table in s_tables)
        {
            parts.Add(table + "=" + await GuardsKit.FingerprintAsync(server, database, table));
        }

        parts.Add("columns=" + await server.ScalarAsync<string>(database,
            "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'public.agent_calls'::regclass AND attnum > 0 AND NOT attisdropped"));
        parts.Add("policies=" + await server.ScalarAsync<string>(database,
            "SELECT string_agg(policyname || ': ' || qual, '; ' ORDER BY policyname) FROM pg_policies WHERE tablename = 'agent_calls'"));
        parts.Add("rls=" + await server.ScalarAsync<bool>(database, "SELECT relrowsecurity FROM pg_class WHERE oid = 'public.agent_calls'::regclass"));
        return string.Join('\n', parts);
    }
}
