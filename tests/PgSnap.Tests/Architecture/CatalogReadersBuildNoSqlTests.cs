using System.Text.RegularExpressions;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Architecture;

/// <summary>
/// The catalog split (docs/ARCHITECTURE.md): readers in src/PgSnap/Catalog fill immutable records and build no
/// SQL text; emitters in src/PgSnap/Emit write the statements. Checked on the source, so a reader that starts
/// writing statements again fails here, whatever the tests of its output say.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed partial class CatalogReadersBuildNoSqlTests
{
    [Fact]
    public void No_catalog_reader_builds_sql_text()
    {
        var offenders = new List<string>();
        foreach (var file in ReaderFiles())
        {
            var hits = BuiltSql(File.ReadAllText(file));
            if (hits.Count > 0)
            {
                offenders.Add($"{Path.GetFileNameWithoutExtension(file)}: {string.Join(", ", hits)}");
            }
        }

        Assert.True(offenders.Count == 0, "readers that build SQL text (move it to an emitter in src/PgSnap/Emit): " + string.Join("; ", offenders));
    }

    [Fact]
    public void The_check_sees_the_readers() => Assert.True(ReaderFiles().Count() >= 25, "the reader files were not found under src/PgSnap/Catalog");

    [Theory]
    [InlineData("var sb = new StringBuilder();", "StringBuilder")]
    [InlineData("session.Describe(sb, \"TYPE\", qn, CatalogId.PgType, t.Oid);", ".Describe(")]
    [InlineData("var d = session.Decorations.Owner(sb, \"TYPE\", qn, owner);", "Decorations.")]
    [InlineData("var sql = \"ALTER DOMAIN \" + qn;", "\"ALTER")]
    [InlineData("Sql = \"CREATE TYPE \" + qn + \";\\n\",", "\"CREATE")]
    public void The_check_fails_on_a_reader_that_builds_statements(string line, string found) =>
        Assert.Equal([found], BuiltSql(line));

    [Fact]
    public void The_check_lets_catalog_queries_through() =>
        Assert.Empty(BuiltSql("await session.QueryAsync(\"SELECT t.oid FROM pg_catalog.pg_type t WHERE t.typtype IN ('b', 'p')\", r => r.Oid(0), ct);"));

    private static List<string> BuiltSql(string source) => [.. SqlBuilding().Matches(source).Select(static m => m.Value.Trim()).Distinct()];

    private static IEnumerable<string> ReaderFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "PgSnap", "Catalog"), "*Reader.cs", SearchOption.AllDirectories)
            .Where(static f => !f.Contains(Path.DirectorySeparatorChar + "Coverage" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Statement building: a StringBuilder, the decorations or comment writers, or a literal that starts a DDL statement.</summary>
    [GeneratedRegex("""StringBuilder|\.Describe\(|Decorations\.|"(CREATE|ALTER|COMMENT ON|GRANT|REVOKE|DROP|SECURITY LABEL) """)]
    private static partial Regex SqlBuilding();
}
