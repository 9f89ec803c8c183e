using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Majors;

/// <summary>The <c>-- requires: N reason</c> directives of the fidelity files.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class FidelityFileTests
{
    private const string Text = """
        CREATE TABLE t (a int);
        CREATE TABLE u (a int UNIQUE NULLS NOT DISTINCT); -- requires: 15 NULLS NOT DISTINCT
        COMMENT ON TABLE t IS 'x';
        """;

    [Fact]
    public void A_statement_newer_than_the_major_is_left_out_with_its_reason()
    {
        var file = FidelityFile.Parse("f", Text, 14);

        var skipped = Assert.Single(file.Skipped);
        Assert.Equal(2, skipped.Line);
        Assert.Equal(15, skipped.RequiredMajor);
        Assert.Equal("NULLS NOT DISTINCT", skipped.Reason);
        Assert.Equal("CREATE TABLE u (a int UNIQUE NULLS NOT DISTINCT);", skipped.Statement);
        Assert.DoesNotContain("CREATE TABLE u", file.Sql, StringComparison.Ordinal);
        Assert.Contains("COMMENT ON TABLE t", file.Sql, StringComparison.Ordinal);
        Assert.Equal(3, file.Sql.Split('\n').Length);
    }

    [Fact]
    public void A_statement_is_kept_from_the_major_it_requires()
    {
        var file = FidelityFile.Parse("f", Text, 15);

        Assert.Empty(file.Skipped);
        Assert.Contains("NULLS NOT DISTINCT", file.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directive_without_a_reason_is_refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FidelityFile.Parse("f", "SELECT 1; -- requires: 16\n", 13));

        Assert.Contains("f.sql:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_line_directive_skips_the_whole_file_on_older_majors()
    {
        var file = FidelityFile.Parse("f", "-- requires: 17 JSON_TABLE\nSELECT 1;\n", 16);

        Assert.Equal(string.Empty, file.Sql);
        Assert.Equal("JSON_TABLE", Assert.Single(file.Skipped).Reason);
        Assert.Empty(FidelityFile.Parse("f", "-- requires: 17 JSON_TABLE\nSELECT 1;\n", 17).Skipped);
    }

    [Fact]
    public void A_stand_in_line_is_loaded_only_below_its_major()
    {
        const string text = "CREATE TYPE r AS RANGE (subtype = text, multirange_type_name = rs); -- requires: 14 multiranges\nCREATE TYPE r AS RANGE (subtype = text); -- before: 14\n";

        var old = FidelityFile.Parse("f", text, 13);
        var current = FidelityFile.Parse("f", text, 14);

        Assert.Contains("CREATE TYPE r AS RANGE (subtype = text);", old.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("multirange_type_name", old.Sql, StringComparison.Ordinal);
        Assert.Contains("multirange_type_name", current.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\nCREATE TYPE r AS RANGE (subtype = text);", current.Sql, StringComparison.Ordinal);
    }
}
