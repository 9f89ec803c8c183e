using System.Text;
using System.Text.RegularExpressions;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// The optional parts of an extension corpus file: lines between <c>-- begin extension: NAME</c> and
/// <c>-- end extension: NAME</c> use only that extension (and what the file created before them), so the file still
/// loads without them on a server that cannot load the extension's library. Everything outside a block must load.
/// </summary>
internal static partial class ExtensionBlocks
{
    /// <summary>The extensions that have a block of their own in <paramref name="sql"/>.</summary>
    public static IReadOnlySet<string> Declared(string sql) =>
        BeginLine().Matches(sql).Select(static m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The file without the blocks of <paramref name="left"/>; an unclosed or unbalanced block is an error in the file.</summary>
    public static string Without(string sql, IReadOnlySet<string> left)
    {
        var kept = new StringBuilder(sql.Length);
        string? open = null;
        var lineNumber = 0;
        foreach (var line in sql.Split('\n'))
        {
            lineNumber++;
            if (BeginLine().Match(line) is { Success: true } begin)
            {
                open = open is null ? begin.Groups[1].Value : throw new FormatException($"line {lineNumber}: block of {begin.Groups[1].Value} opens inside the block of {open}");
            }

            var skip = open is not null && left.Contains(open);
            if (EndLine().Match(line) is { Success: true } end)
            {
                open = end.Groups[1].Value == open ? null : throw new FormatException($"line {lineNumber}: end of {end.Groups[1].Value} without its begin");
            }

            if (!skip)
            {
                kept.Append(line).Append('\n');
            }
        }

        return open is null ? kept.ToString(0, Math.Max(0, kept.Length - 1)) : throw new FormatException($"the block of {open} is not closed");
    }

    [GeneratedRegex(@"^-- begin extension: ([A-Za-z0-9_\-]+)", RegexOptions.Multiline)]
    private static partial Regex BeginLine();

    [GeneratedRegex(@"^-- end extension: ([A-Za-z0-9_\-]+)")]
    private static partial Regex EndLine();
}
