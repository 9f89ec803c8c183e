using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>`pgsnap list` lines its columns up however long a kind, name or owner is.</summary>
public sealed class ListColumnsTests
{
    [Fact]
    public async Task Columns_stay_aligned_with_a_long_kind_name_and_owner()
    {
        const string LongName = "a_table_whose_name_is_much_longer_than_thirty_two_characters";
        const string LongOwner = "an_owner_with_a_long_role_name";
        var file = Path.Combine(Path.GetTempPath(), $"pgsnap-list-columns-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, $"""
            --
            -- Name: t; Type: TABLE; Schema: public; Owner: o
            --

            CREATE TABLE public.t (a int);

            --
            -- Name: {LongName}; Type: MATERIALIZED VIEW; Schema: public; Owner: {LongOwner}
            --

            CREATE MATERIALIZED VIEW public.{LongName} AS SELECT 1 AS a WITH NO DATA;

            --
            -- Name: {LongName}; Type: MATERIALIZED VIEW DATA; Schema: public; Owner: {LongOwner}
            --

            REFRESH MATERIALIZED VIEW public.{LongName};

            """);
        try
        {
            var result = await PgSnapCli.Default.RunAsync(["list", file]);

            Assert.True(result.ExitCode == 0, result.StdErr);
            var lines = result.StdOutText.Split('\n').Where(static l => l.Length > 0 && !l.StartsWith(";;", StringComparison.Ordinal)).ToList();
            var header = lines[0];
            var ownerAt = header.IndexOf("owner", StringComparison.Ordinal);
            var nameAt = header.IndexOf("name", StringComparison.Ordinal);
            Assert.Equal(ownerAt, lines.Single(l => l.Contains("TABLE ", StringComparison.Ordinal) && !l.Contains(LongName, StringComparison.Ordinal)).IndexOf(" o ", StringComparison.Ordinal) + 1);
            foreach (var line in lines.Where(l => l.Contains("MATERIALIZED VIEW DATA", StringComparison.Ordinal)))
            {
                Assert.Equal(nameAt, line.IndexOf(LongName, StringComparison.Ordinal));
                Assert.Equal(ownerAt, line.IndexOf(LongOwner, StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
