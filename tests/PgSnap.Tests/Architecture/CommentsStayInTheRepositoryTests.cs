using System.Text.RegularExpressions;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Architecture;

/// <summary>
/// Comments in src/, tests/ and bench/ point into the repository (docs/…) or say things in plain words: no web
/// links (PostgreSQL's documentation, issue trackers), no issue numbers, no paths out of the repository (a
/// sibling shared folder). What they would point at can move or vanish; the repository's own docs travel with the
/// code. The vendored PostgreSQL test files (tests/PgSnap.Tests/Corpus/upstream) are theirs, kept as they are, and
/// this file's own examples are what the check must catch.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed partial class CommentsStayInTheRepositoryTests
{
    [Fact]
    public void No_comment_points_outside_the_repository()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Comment(file, lines[i]) is { } comment && OutsidePointer().Match(comment) is { Success: true } hit)
                {
                    offenders.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1} {hit.Value}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "comments that point outside the repository (use docs/ or plain words): " + string.Join("; ", offenders));
    }

    [Theory]
    [InlineData("x.cs", "    // see https://www.postgresql.org/docs/current/sql-copy.html", true)]
    [InlineData("x.cs", "    /// as in the upstream bug (issue #412)", true)]
    [InlineData("x.cs", "    // shared with ../shared/pg/quote.c", true)]
    [InlineData("x.sql", "CREATE TABLE t (a int); -- github.com/x/y/issues/3", true)]
    [InlineData("x.cs", "    // docs/FORMAT.md, \"Blocks\"", false)]
    [InlineData("x.cs", "    var endpoint = new Uri(\"http://127.0.0.1:9000\"); // the local S3 stand-in", false)]
    [InlineData("x.cs", "    var url = \"https://example.com/a\";", false)]
    [InlineData("x.cs", "    // postgresql://user@host/db is a connection string, not a link", false)]
    public void The_check_tells_outside_pointers_from_the_rest(string file, string line, bool outside) =>
        Assert.Equal(outside, Comment(file, line) is { } comment && OutsidePointer().IsMatch(comment));

    [Fact]
    public void The_check_sees_the_sources() => Assert.True(SourceFiles().Count() >= 500, "the source files were not found under src/, tests/ and bench/");

    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(RepoPaths.Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(static f => Path.GetExtension(f) is ".cs" or ".sql" or ".csproj" or ".sh" or ".py")
            .Where(static f => !Path.GetRelativePath(RepoPaths.Root, f).Split(Path.DirectorySeparatorChar).Any(static p => p is "bin" or "obj" or "upstream"))
            .Where(static f => Path.GetFileName(f) != nameof(CommentsStayInTheRepositoryTests) + ".cs");

    /// <summary>The comment part of <paramref name="line"/>, or null when it has none.</summary>
    private static string? Comment(string file, string line)
    {
        var marker = Path.GetExtension(file) switch
        {
            ".sql" => "--",
            ".csproj" => "<!--",
            ".sh" or ".py" => "#",
            _ => "//",
        };
        if (line.TrimStart().StartsWith('*'))
        {
            return line;
        }

        // A "//" right after ':' is a URL's, not a comment's.
        for (var at = line.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = line.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            if (marker != "//" || at == 0 || line[at - 1] != ':')
            {
                return line[at..];
            }
        }

        return null;
    }

    /// <summary>A web link (not to this machine, not a postgresql:// connection string), an issue number, or a path out of the repository.</summary>
    [GeneratedRegex(@"https?://(?!127\.0\.0\.1|localhost)\S+|\bwww\.\S+|github\.com\S*|postgresql\.org\S*|postgr\.es\S*|\.\./shared\S*|(?i:\bissues?\s*#?\d+|\bbug\s*#\d+|(?<![\w&])#\d{2,}\b)")]
    private static partial Regex OutsidePointer();
}
