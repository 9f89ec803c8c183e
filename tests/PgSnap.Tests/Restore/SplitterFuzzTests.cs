using System.Text;
using PgSnap.Restore;
using PgSnap.Sql;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Restore;

/// <summary>
/// Random valid SQL built from the tricky pieces (quotes, E-strings, dollar quotes, comments, COPY rows, CRLF),
/// checked two ways: the splitter must hand out exactly the statements the generator wrote, and pgsnap's restore
/// and psql's must leave the same rows behind.
/// </summary>
public sealed class SplitterFuzzTests
{
    private static string Literal(Random r, StringBuilder value)
    {
        string[] words = ["a;b", "x", ";", "--", "/*", "*/", "$$", "$t$", "\\", "é✓", "\"", "''"];
        var text = string.Concat(Enumerable.Range(0, r.Next(1, 4)).Select(_ => words[r.Next(words.Length)]));
        switch (r.Next(4))
        {
            case 0:
                value.Append(text);
                return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
            case 1:
                value.Append(text);
                return "E'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
            case 2 when !text.Contains("$q$", StringComparison.Ordinal):
                value.Append(text);
                return "$q$" + text + "$q$";
            default:
                var clean = text.Replace("$", "", StringComparison.Ordinal);
                value.Append(clean);
                return "$$" + clean + "$$";
        }
    }

    private static string Noise(Random r) => r.Next(5) switch
    {
        0 => " ",
        1 => "\n",
        2 => " /* c; /* nested; */ ' */ ",
        3 => " -- line; 'comment\n",
        _ => "\r\n",
    };

    private static (string Script, List<string> Statements) Generate(int seed)
    {
        var r = new Random(seed);
        var script = new StringBuilder("CREATE TABLE public.fuzz (n int, v text);\n");
        var statements = new List<string> { "CREATE TABLE public.fuzz (n int, v text);" };
        for (var n = 0; n < 60; n++)
        {
            script.Append(Noise(r));
            if (r.Next(6) == 0)
            {
                var copy = "COPY public.fuzz (n, v) FROM stdin;";
                statements.Add(copy);
                script.Append(copy).Append('\n');
                // The server wants one line-ending style per COPY, terminator included.
                var eol = r.Next(2) == 0 ? "\n" : "\r\n";
                for (var row = 0; row < r.Next(0, 4); row++)
                {
                    script.Append(n).Append("\tcopy\\t;'$$ ").Append(row).Append(eol);
                }

                script.Append("\\.").Append(eol);
                statements.Add("<rows>");
                continue;
            }

            var value = new StringBuilder();
            var sql = new StringBuilder($"INSERT INTO public.fuzz{Noise(r)}VALUES ({n},{Noise(r)}");
            var parts = r.Next(1, 4);
            for (var p = 0; p < parts; p++)
            {
                sql.Append(p > 0 ? " || " : "").Append(Literal(r, value)).Append(Noise(r));
            }

            sql.Append(");");
            statements.Add(sql.ToString());
            script.Append(sql);
        }

        return (script.ToString(), statements);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Random_scripts_split_exactly_as_written(int seed)
    {
        var (script, expected) = Generate(seed);
        foreach (var trickle in new[] { false, true })
        {
            var items = await SplitterHarness.SplitAsync(script, trickle);
            var actual = items.Select(i => i.Kind == SqlItemKind.CopyData ? "<rows>" : i.Text).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Random_scripts_leave_the_same_rows_as_psql(int seed)
    {
        var server = await TestServer.GetAsync();
        var (script, _) = Generate(seed);
        var viaPsql = await server.CreateDatabaseAsync("fz_psql");
        var viaPgsnap = await server.CreateDatabaseAsync("fz_pgsnap");
        await RestoreFixture.PsqlAsync(viaPsql, script);
        var file = RestoreFixture.TempFile("fuzz.sql");
        await File.WriteAllTextAsync(file, script);

        await RestoreFixture.RestoreAsync(file, viaPgsnap);

        const string rows = "SELECT string_agg(n || ':' || coalesce(v, 'NULL'), '|' ORDER BY n, v) FROM public.fuzz";
        var expected = await server.ScalarAsync<string>(viaPsql, rows);
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.Equal(expected, await server.ScalarAsync<string>(viaPgsnap, rows));
    }
}
