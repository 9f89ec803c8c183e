using PgSnap.Sql;
using PgSnap.Tests.Infrastructure;
using Xunit;
using static PgSnap.Tests.Restore.SplitterHarness;

namespace PgSnap.Tests.Restore;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class SqlScriptSplitterTests
{
    public static TheoryData<bool> Modes => new() { false, true };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Semicolons_inside_quotes_comments_and_dollar_quotes_do_not_split(bool trickle)
    {
        const string sql = """
            SELECT 'a;b''c;' AS x; -- trailing; comment
            SELECT E'it\'s; \\' AS y;
            SELECT "we;ird""id" FROM t /* c; /* nested; */ still; */ WHERE 1=1;
            CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$
            BEGIN RETURN $x$ ; $fn ; $x$; END; $fn$;
            SELECT $$a;b$$, $1;
            """;
        var items = await SplitAsync(sql, trickle);
        Assert.Equal(
            [
                "SELECT 'a;b''c;' AS x;",
                "SELECT E'it\\'s; \\\\' AS y;",
                "SELECT \"we;ird\"\"id\" FROM t /* c; /* nested; */ still; */ WHERE 1=1;",
                "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$\nBEGIN RETURN $x$ ; $fn ; $x$; END; $fn$;",
                "SELECT $$a;b$$, $1;",
            ],
            items.Select(i => i.Text));
        Assert.Equal([1L, 2L, 3L, 4L, 6L], items.Select(i => i.Line));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Copy_rows_run_to_the_backslash_dot_line_and_may_look_like_sql(bool trickle)
    {
        const string sql = "COPY public.t (a, b) FROM stdin;\n1\t-- pgsnap:block {}\n2\t'; DROP TABLE x; \\.\n\\.x\n\\.\nSELECT 1;\n";
        var items = await SplitAsync(sql, trickle);
        Assert.Equal(SqlItemKind.Statement, items[0].Kind);
        Assert.Equal("COPY public.t (a, b) FROM stdin;", items[0].Text);
        Assert.Equal(SqlItemKind.CopyData, items[1].Kind);
        Assert.Equal("1\t-- pgsnap:block {}\n2\t'; DROP TABLE x; \\.\n\\.x\n", items[1].Text);
        Assert.Equal(("SELECT 1;", 6L), (items[2].Text, items[2].Line));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Windows_line_endings_and_a_last_statement_without_newline_are_read(bool trickle)
    {
        const string sql = "SET a = 1;\r\nCOPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 2";
        var items = await SplitAsync(sql, trickle);
        Assert.Equal(["SET a = 1;", "COPY t FROM stdin;", "1\r\n", "SELECT 2"], items.Select(i => i.Text));
        Assert.Equal(5L, items[3].Line);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Meta_commands_and_markers_are_handed_out_with_their_lines(bool trickle)
    {
        const string sql = "--\n-- PostgreSQL database dump\n--\n\\restrict abc\nSET x = 1;\n-- Name: t; Type: TABLE; Schema: public; Owner: me\nCREATE TABLE t (a int);\n\\connect other\n\\unrestrict abc\n";
        var items = await SplitAsync(sql, trickle);
        Assert.Equal(
            [
                (SqlItemKind.Marker, "-- PostgreSQL database dump", 2L),
                (SqlItemKind.MetaCommand, "\\restrict abc", 4L),
                (SqlItemKind.Statement, "SET x = 1;", 5L),
                (SqlItemKind.Marker, "-- Name: t; Type: TABLE; Schema: public; Owner: me", 6L),
                (SqlItemKind.Statement, "CREATE TABLE t (a int);", 7L),
                (SqlItemKind.MetaCommand, "\\connect other", 8L),
                (SqlItemKind.MetaCommand, "\\unrestrict abc", 9L),
            ],
            items.Select(i => (i.Kind, i.Text, i.Line)));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Sql_standard_function_bodies_keep_their_semicolons(bool trickle)
    {
        const string sql = """
            CREATE OR REPLACE FUNCTION public.f(x integer) RETURNS integer
                LANGUAGE sql
                BEGIN ATOMIC
                 SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;
                 SELECT 3;
                END;
            CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));
            SELECT 1;
            """;
        var items = await SplitAsync(sql, trickle);
        Assert.Equal(3, items.Count);
        Assert.EndsWith("SELECT 3;\n    END;", items[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("VALUES (2));", items[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_cut_inside_copy_rows_is_an_error_naming_the_line()
    {
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => SplitAsync("SELECT 1;\nCOPY t FROM stdin;\n1\n2\n"));
        Assert.Equal(PgSnapErrorKind.Corrupt, ex.Kind);
        Assert.Contains("test.sql:5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_cut_inside_a_dollar_quote_is_an_error_naming_where_it_opened()
    {
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => SplitAsync("SELECT 1;\n\nCREATE FUNCTION f() AS $body$\nBEGIN"));
        Assert.Contains("dollar-quoted string that starts on line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_rows_longer_than_the_buffer_are_forwarded_in_pieces()
    {
        var row = new string('x', 10_000);
        var items = await SplitAsync($"COPY t FROM stdin;\n{row}\n{row}\n\\.\n", bufferSize: 1024);
        Assert.Equal($"{row}\n{row}\n", items[1].Text);
    }

    [Fact]
    public async Task A_whole_file_read_in_one_go_still_splits_every_copy_after_end_of_input_is_seen()
    {
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i}\n"));
        var items = await SplitAsync($"COPY a FROM stdin;\n{rows}\\.\nCOPY b FROM stdin;\n{rows}\\.\nSELECT 1;\n", bufferSize: 64 * 1024);
        Assert.Equal(["COPY a FROM stdin;", rows, "COPY b FROM stdin;", rows, "SELECT 1;"], items.Select(i => i.Text));
    }
}
