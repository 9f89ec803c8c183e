using System.Text;

namespace PgSnap.Tests.RoundTrip;

/// <summary>A small unified-style line diff for test failure messages (LCS over the part that differs).</summary>
internal static class LineDiff
{
    private const int Context = 3;
    private const int MaxOutputLines = 200;
    private const long MaxCells = 4_000_000;

    public static string Unified(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        var prefix = 0;
        while (prefix < expected.Count && prefix < actual.Count && expected[prefix] == actual[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < expected.Count - prefix && suffix < actual.Count - prefix
               && expected[expected.Count - 1 - suffix] == actual[actual.Count - 1 - suffix])
        {
            suffix++;
        }

        var a = expected.Skip(prefix).Take(expected.Count - prefix - suffix).ToArray();
        var b = actual.Skip(prefix).Take(actual.Count - prefix - suffix).ToArray();
        var ops = (long)a.Length * b.Length <= MaxCells ? Lcs(a, b) : Fallback(a, b);

        // Whole script: context before, the edit, context after; then keep only lines near a change.
        var script = new List<(char Op, string Line)>();
        for (var i = 0; i < prefix; i++)
        {
            script.Add((' ', expected[i]));
        }

        script.AddRange(ops);
        for (var i = expected.Count - suffix; i < expected.Count; i++)
        {
            script.Add((' ', expected[i]));
        }

        var keep = new bool[script.Count];
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Op != ' ')
            {
                for (var j = Math.Max(0, i - Context); j <= Math.Min(script.Count - 1, i + Context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var sb = new StringBuilder().Append("--- ").AppendLine(expectedName).Append("+++ ").AppendLine(actualName);
        var written = 0;
        var gap = false;
        for (var i = 0; i < script.Count; i++)
        {
            if (!keep[i])
            {
                gap = true;
                continue;
            }

            if (gap || written == 0)
            {
                sb.Append("@@ line ").Append(i + 1).AppendLine(" @@");
                gap = false;
            }

            if (++written > MaxOutputLines)
            {
                sb.AppendLine("… (diff truncated)");
                break;
            }

            sb.Append(script[i].Op).AppendLine(script[i].Line);
        }

        return sb.ToString();
    }

    private static List<(char, string)> Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                ops.Add((' ', a[x]));
                x++;
                y++;
            }
            else if (table[x + 1, y] >= table[x, y + 1])
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        while (x < a.Length)
        {
            ops.Add(('-', a[x++]));
        }

        while (y < b.Length)
        {
            ops.Add(('+', b[y++]));
        }

        return ops;
    }

    private static List<(char, string)> Fallback(string[] a, string[] b)
    {
        var ops = new List<(char, string)>(a.Length + b.Length);
        ops.AddRange(a.Select(l => ('-', l)));
        ops.AddRange(b.Select(l => ('+', l)));
        return ops;
    }
}
