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
    /// <summary>Readers not split yet, each named so that it leaves this list (and the test says so) once it is.</summary>
    private static readonly HashSet<string> s_notSplitYet = ["BaseTypeReader", "FunctionReader", "TypeReader"];

    [Fact]
    public void No_catalog_reader_builds_sql_text()
    {
        var offenders = new List<string>();
        var stillListed = new List<string>();
        foreach (var file in ReaderFiles())
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var hits = SqlBuilding().Matches(File.ReadAllText(file)).Select(static m => m.Value.Trim()).Distinct().ToList();
            if (hits.Count > 0 && !s_notSplitYet.Contains(name))
            {
                offenders.Add($"{name}: {string.Join(", ", hits)}");
            }
            else if (hits.Count == 0 && s_notSplitYet.Contains(name))
            {
                stillListed.Add(name);
            }
        }

        Assert.True(offenders.Count == 0, "readers that build SQL text (move it to an emitter in src/PgSnap/Emit): " + string.Join("; ", offenders));
        Assert.True(stillListed.Count == 0, "split now, take them off the not-split list: " + string.Join(", ", stillListed));
    }

    [Fact]
    public void The_check_sees_the_readers() => Assert.True(ReaderFiles().Count() >= 25, "the reader files were not found under src/PgSnap/Catalog");

    private static IEnumerable<string> ReaderFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "PgSnap", "Catalog"), "*Reader.cs", SearchOption.AllDirectories)
            .Where(static f => !f.Contains(Path.DirectorySeparatorChar + "Coverage" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Statement building: a StringBuilder, the decorations or comment writers, or a literal that starts a DDL statement.</summary>
    [GeneratedRegex("""StringBuilder|\.Describe\(|Decorations\.|"(CREATE|ALTER|COMMENT ON|GRANT|REVOKE|DROP|SECURITY LABEL) """)]
    private static partial Regex SqlBuilding();
}
