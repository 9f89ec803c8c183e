using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Majors;

/// <summary>
/// Moves across majors with the one binary: dumps of 13 to 17 restored into 17 and 18 (the upgrade path)
/// must give the target exactly what loading the same SQL there gives, with every row; a 17 dump into 15 is refused
/// before anything runs unless --allow-downgrade, and then what 15 cannot accept fails with one message that names
/// the statement, the server's reason and the likely cause.
/// </summary>
public sealed class CrossMajorTests
{
    public static TheoryData<int, int> UpgradePairs
    {
        get
        {
            var data = new TheoryData<int, int>();
            foreach (var target in new[] { 17, 18 })
            {
                for (var source = 13; source <= 17; source++)
                {
                    if (source != target)
                    {
                        data.Add(source, target);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(UpgradePairs))]
    public async Task Dump_of_an_older_major_restores_into_a_newer_one_as_if_loaded_there(int sourceMajor, int targetMajor)
    {
        var source = await TestServers.ForMajorAsync(sourceMajor);
        var target = await TestServers.ForMajorAsync(targetMajor);
        var (sourceDb, archive) = await CrossMajorMoves.SourceAsync(sourceMajor);
        var native = await CrossMajorMoves.NativeAsync(targetMajor);

        var (restored, result) = await CrossMajorMoves.RestoreAsync(target, archive);

        Assert.True(result.ExitCode == 0, $"restore of the {sourceMajor} dump into {targetMajor} exited {result.ExitCode}: {result.StdErr}");
        var failures = await CrossMajorMoves.CompareAsync(source, sourceDb, target, native, restored);
        Assert.True(failures.Count == 0, $"{sourceMajor} -> {targetMajor}:\n" + string.Join("\n\n", failures));
        await target.DropDatabaseAsync(restored);
    }

    [Fact]
    public async Task Restore_of_a_17_dump_into_15_is_refused_before_anything_runs()
    {
        var target = await TestServers.ForMajorAsync(15);
        var (_, archive) = await CrossMajorMoves.SourceAsync(17);

        var (restored, result) = await CrossMajorMoves.RestoreAsync(target, archive);

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("dumped from PostgreSQL 17.", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("the target runs PostgreSQL 15", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("--allow-downgrade", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await target.ScalarAsync<long>(restored, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"));
    }

    [Fact]
    public async Task Restore_of_a_17_dump_into_15_with_allow_downgrade_gives_what_loading_it_there_gives()
    {
        var source = await TestServers.ForMajorAsync(17);
        var target = await TestServers.ForMajorAsync(15);
        var (sourceDb, archive) = await CrossMajorMoves.SourceAsync(17);
        var native = await CrossMajorMoves.NativeAsync(15);

        var (restored, result) = await CrossMajorMoves.RestoreAsync(target, archive, "--allow-downgrade");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var failures = await CrossMajorMoves.CompareAsync(source, sourceDb, target, native, restored);
        Assert.True(failures.Count == 0, "17 -> 15:\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public async Task A_feature_15_lacks_fails_the_downgrade_with_the_statement_and_the_reason_and_leaves_nothing()
    {
        var source = await TestServers.ForMajorAsync(17);
        var target = await TestServers.ForMajorAsync(15);
        var db = await source.CreateDatabaseAsync("xm_feature17");
        await source.ExecuteAsync(db, """
            CREATE TABLE public.calls (agent text, at timestamptz);
            CREATE VIEW public.any_agent AS SELECT any_value(agent) AS agent FROM public.calls;
            """);
        var archive = Path.Combine(Directory.CreateTempSubdirectory("pgsnap-xmajor-").FullName, "from-17.sql");
        await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", source.UrlFor(db), "-f", archive, "--quiet"]);

        var (restored, result) = await CrossMajorMoves.RestoreAsync(target, archive, "--allow-downgrade", "--single-transaction");

        Assert.Equal(5, result.ExitCode);
        var message = result.StdErr;
        Assert.Contains("CREATE VIEW public.any_agent", message, StringComparison.Ordinal);
        Assert.Contains("any_value", message, StringComparison.Ordinal);
        Assert.Contains("restoring a PostgreSQL 17 archive into PostgreSQL 15: this statement probably uses a feature 15 lacks", message, StringComparison.Ordinal);
        Assert.Single(message.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("any_value", StringComparison.Ordinal));
        Assert.Equal(0L, await target.ScalarAsync<long>(restored, "SELECT count(*) FROM pg_class WHERE relname IN ('calls', 'any_agent')"));
        Directory.Delete(Path.GetDirectoryName(archive)!, recursive: true);
    }
}
