using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Corpus;

/// <summary>The reader of 002_pg_dump.pl's create_sql snippets, on the real upstream file and on Perl's quoting forms.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class TapCreateSqlTests
{
    [Fact]
    public void Reads_every_create_sql_of_the_upstream_file_in_create_order()
    {
        var tests = PgDumpTapCorpus.Tests();
        var perl = File.ReadAllText(Path.Combine(CorpusDatabase.Folder, "upstream", "pg_dump", "002_pg_dump.pl"));
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(perl, @"\bcreate_sql\s*=>").Count, tests.Count);
        Assert.Equal("CREATE ROLE regress_dump_test_role;", tests.Single(t => t.Name == "CREATE ROLE regress_dump_test_role").Sql);
        var ordered = tests.TakeWhile(t => t.Order is not null).Select(t => t.Order!.Value).ToList();
        Assert.Equal(ordered.Order(), ordered);
        Assert.All(tests.SkipWhile(t => t.Order is not null), t => Assert.Null(t.Order));
        Assert.Contains("\"regress_newline\nattack\"", tests.Single(t => t.Name == "newline of role or table name in comment").Sql, StringComparison.Ordinal);
        Assert.Equal("INSERT INTO dump_test.test_table (col1) SELECT generate_series FROM generate_series(1,9);", tests.Single(t => t.Name == "COPY test_table").Sql);
        Assert.Equal("regress_public_owner", tests.Single(t => t.Name == "COMMENT ON SCHEMA public IS NULL").Database);
        Assert.All(PgDumpTapCorpus.Skips().Keys, name => Assert.Contains(tests, t => t.Name == name));
    }

    [Fact]
    public void Resolves_perl_quoting_and_concatenation()
    {
        const string Perl = """
            my %tests = (
                'a' => { create_order => 2, create_sql => 'SELECT \'x\' || \'\'' . "\tq\n", regexp => qr/^\QSELECT {'\E$/m, like => { %full, b => 1 }, },
                "b c"
                  => { create_order => 1, create_sql => q(CREATE TABLE t (a int)), # a comment with 'quotes'
                       database => 'other', lz4 => 1 },
                'd' => { create_sql => qq{CREATE ROLE "r\nx";}, regexp => qr/x/ },
                'e' => { regexp => qr{no sql}, },
            );
            """;
        var tests = TapCreateSql.Parse(Perl);
        Assert.Equal(["b c", "a", "d"], tests.Select(t => t.Name));
        Assert.Equal("CREATE TABLE t (a int)", tests[0].Sql);
        Assert.Equal("other", tests[0].Database);
        Assert.Equal(["lz4"], tests[0].Flags);
        Assert.Equal("SELECT 'x' || ''\tq\n", tests[1].Sql);
        Assert.Equal("SELECT 'x' || ''\tq;", TapCreateSql.Normalise(tests[1].Sql));
        Assert.Equal("CREATE ROLE \"r\nx\";", tests[2].Sql);
    }
}
