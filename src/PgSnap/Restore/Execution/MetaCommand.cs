using System.Text;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The psql backslash commands a restore understands: <c>\connect</c>, <c>\restrict</c> and <c>\unrestrict</c>
/// (pg_dump 13–18 write only these). Anything else is refused: a script must never make pgsnap run a program,
/// read or write a local file, or change what it talks to.
/// </summary>
public sealed record MetaCommand(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>Parses one meta-command line (starting with the backslash).</summary>
    public static MetaCommand Parse(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line).TrimEnd();
        var args = new List<string>();
        var i = 1;
        var nameEnd = i;
        while (nameEnd < text.Length && !char.IsWhiteSpace(text[nameEnd]) && text[nameEnd] != '\\')
        {
            nameEnd++;
        }

        var name = text[i..nameEnd];
        i = nameEnd;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var sb = new StringBuilder();
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                var c = text[i];
                if (c is '\'' or '"')
                {
                    // psql-style quoting: a doubled quote stands for itself.
                    i++;
                    while (i < text.Length)
                    {
                        if (text[i] == c)
                        {
                            if (i + 1 < text.Length && text[i + 1] == c)
                            {
                                sb.Append(c);
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        sb.Append(text[i++]);
                    }
                }
                else
                {
                    sb.Append(c);
                    i++;
                }
            }

            args.Add(sb.ToString());
        }

        return new MetaCommand(name, args);
    }

    public bool IsConnect => Name is "connect" or "c";

    public bool IsRestrictToggle => Name is "restrict" or "unrestrict";

    /// <summary>The database a <c>\connect</c> names: its first non-option argument, or dbname= in a conninfo string.</summary>
    public string? ConnectDatabase()
    {
        foreach (var arg in Arguments)
        {
            if (arg.StartsWith('-'))
            {
                continue;
            }

            if (arg.Contains('=', StringComparison.Ordinal))
            {
                var spec = PgSnap.Connection.ConnectionStringParser.Parse(arg);
                return spec.Database;
            }

            return arg;
        }

        return null;
    }

    /// <summary>The refusal of any backslash command other than \connect, \restrict and \unrestrict.</summary>
    /// <param name="where">The command's file and line.</param>
    public PgSnapException Refusal(string where) =>
        new(PgSnapErrorKind.Refused,
            $"{where}: psql meta-command '\\{Name}' is not allowed: pgsnap only follows \\connect, \\restrict and \\unrestrict, and never runs programs or reads or writes local files");
}
