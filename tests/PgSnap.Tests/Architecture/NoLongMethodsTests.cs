using System.Text.RegularExpressions;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Architecture;

/// <summary>
/// No method in src/ is longer than 80 lines unless a comment right above it says why (<c>long-method:</c>), the
/// same rule and the same way of finding methods as <c>scripts/long-methods.py</c>: a member declaration followed
/// by a <c>{</c> line at its indentation, measured to the matching <c>}</c> line.
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed partial class NoLongMethodsTests
{
    private const int Limit = 80;

    [Fact]
    public void No_method_in_src_is_over_80_lines_without_a_comment_saying_why()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(static part => part is "bin" or "obj"))
            {
                continue;
            }

            offenders.AddRange(Methods(File.ReadAllText(file))
                .Where(static m => m.Lines > Limit && !m.Explained)
                .Select(m => $"{relative}:{m.Line} {m.Name} ({m.Lines} lines)"));
        }

        Assert.True(offenders.Count == 0, $"methods over {Limit} lines: split them, or say why above them in a 'long-method:' comment: " + string.Join("; ", offenders));
    }

    [Fact]
    public void The_check_finds_a_long_method_and_accepts_one_that_says_why()
    {
        var body = string.Concat(Enumerable.Repeat("        Step();\n", 90));
        var source = "internal static class C\n{\n    public static void Long(int a,\n        int b)\n    {\n" + body + "    }\n\n"
            + "    /// long-method: one state machine, split it and the states scatter.\n    private static void Explained()\n    {\n" + body + "    }\n"
            + "    private static readonly HashSet<string> s_set = new HashSet<string>(StringComparer.Ordinal)\n    {\n" + body + "    };\n}\n";
        var found = Methods(source).ToList();
        Assert.Equal([("Long", 94, false), ("Explained", 93, true)], found.Select(static m => (m.Name, m.Lines, m.Explained)));
    }

    /// <summary>The methods of a C# source as scripts/long-methods.py finds them.</summary>
    private static IEnumerable<(int Line, string Name, int Lines, bool Explained)> Methods(string source)
    {
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Declaration().Match(lines[i]);
            if (!match.Success || lines[i].Contains("=>", StringComparison.Ordinal))
            {
                continue;
            }

            // The parameter list may span lines: find the '{' line at the same indentation.
            var indent = match.Groups["indent"].Value;
            var j = i;
            while (j < lines.Length && j - i < 30 && !lines[j].TrimEnd().EndsWith(';') && lines[j] != indent + "{")
            {
                j++;
            }

            if (j >= lines.Length || lines[j] != indent + "{")
            {
                continue;
            }

            var k = j + 1;
            while (k < lines.Length && lines[k] != indent + "}")
            {
                k++;
            }

            var explained = lines[Math.Max(0, i - 12)..i].Any(static l => l.Contains("long-method:", StringComparison.Ordinal));
            yield return (i + 1, match.Groups["name"].Value, k - i + 1, explained);
            i = k;
        }
    }

    [GeneratedRegex("""^(?<indent> {4,8})(?![/*\["$@])(?!return |if |for|while |switch |using |lock |catch|else|try|var |await )[^;=]*?\b(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(<[^()=]*>)?\s*\(""")]
    private static partial Regex Declaration();
}
