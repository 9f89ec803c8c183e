using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PgSnap.Tests.Majors;

/// <summary>A statement of a fidelity file left out on an older major, and why.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Statement">The statement's text (the whole line, directive removed).</param>
/// <param name="RequiredMajor">The oldest major that accepts it.</param>
/// <param name="Reason">The feature the older majors lack, as the file states it.</param>
internal sealed record SkippedStatement(int Line, string Statement, int RequiredMajor, string Reason);

/// <summary>
/// One <c>tests/PgSnap.Tests/Fidelity/*.sql</c> file, read for a given server major. A statement that needs a newer
/// major than the oldest one the matrix runs carries a trailing directive on its (single) line:
/// <code>CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT); -- requires: 15 NULLS NOT DISTINCT</code>
/// On majors below 15 that line is left out and listed in <see cref="Skipped"/> with its reason; the matrix then
/// proves the skip is needed (the statement must fail on that major), so a directive cannot hide a bug. A directive
/// without a reason is an error. A file whose first line is <c>-- requires: N reason</c> applies to the whole file.
/// A line ending in <c>-- before: N</c> is the older majors' stand-in for a skipped one (so later statements that
/// use the object still run): it is loaded only on majors below N.
/// </summary>
internal sealed partial class FidelityFile
{
    private FidelityFile(string name, string sql, IReadOnlyList<SkippedStatement> skipped)
    {
        Name = name;
        Sql = sql;
        Skipped = skipped;
    }

    /// <summary>The file's name without folder and extension (e.g. <c>types</c>).</summary>
    public string Name { get; }

    /// <summary>The SQL to load on this major (skipped lines replaced by a comment, so line numbers stay).</summary>
    public string Sql { get; }

    /// <summary>The statements left out on this major, in file order.</summary>
    public IReadOnlyList<SkippedStatement> Skipped { get; }

    /// <summary>The folder the fidelity files are copied to next to the test assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fidelity");

    /// <summary>Every fidelity file's name, sorted, so new files join the matrix without a code change.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.GetFiles(Folder, "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads <paramref name="name"/> as it is to be loaded on <paramref name="major"/>.</summary>
    public static FidelityFile Read(string name, int major) =>
        Parse(name, File.ReadAllText(Path.Combine(Folder, name + ".sql")), major);

    /// <summary>Applies the <c>-- requires: N reason</c> directives of <paramref name="text"/> for <paramref name="major"/>.</summary>
    public static FidelityFile Parse(string name, string text, int major)
    {
        var lines = text.Split('\n');
        var skipped = new List<SkippedStatement>();
        var sql = new StringBuilder(text.Length);
        var wholeFile = lines.Length > 0 ? Directive().Match(lines[0]) : Match.Empty;
        if (wholeFile.Success && lines[0].TrimStart().StartsWith("--", StringComparison.Ordinal))
        {
            var (required, reason) = Read(wholeFile, name, 1);
            if (major < required)
            {
                return new FidelityFile(name, string.Empty, [new SkippedStatement(1, "(the whole file)", required, reason)]);
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var match = Directive().Match(line);
            if (match.Success && !(i == 0 && wholeFile.Success && line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            {
                var (required, reason) = Read(match, name, i + 1);
                var statement = line[..match.Index].TrimEnd();
                if (major < required)
                {
                    skipped.Add(new SkippedStatement(i + 1, statement, required, reason));
                    line = $"-- skipped on PostgreSQL {major}: needs {required} ({reason})";
                }
            }

            var before = Before().Match(line);
            if (before.Success && major >= int.Parse(before.Groups["major"].Value, CultureInfo.InvariantCulture))
            {
                line = "-- stand-in for older majors: " + line[..before.Index].TrimEnd();
            }

            sql.Append(line);
            if (i < lines.Length - 1)
            {
                sql.Append('\n');
            }
        }

        return new FidelityFile(name, sql.ToString(), skipped);
    }

    private static (int Major, string Reason) Read(Match match, string name, int line)
    {
        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var reason = match.Groups["reason"].Value.Trim();
        if (reason.Length == 0)
        {
            throw new InvalidOperationException($"{name}.sql:{line}: '-- requires: {major}' must state the feature older majors lack");
        }

        return (major, reason);
    }

    [GeneratedRegex(@"--\s*before:\s*(?<major>\d+)\s*$")]
    private static partial Regex Before();

    [GeneratedRegex(@"--\s*requires:\s*(?<major>\d+)(?<reason>[^\n]*)$")]
    private static partial Regex Directive();
}
