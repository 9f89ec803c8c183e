using PgSnap.Sql;

namespace PgSnap.Verify;

/// <summary>
/// What verify and list need from one statement: the table a COPY or INSERT targets and how many rows an INSERT
/// adds (one per top-level <c>( … )</c> after VALUES, so <c>--rows-per-insert</c> statements count right).
/// </summary>
internal static class SqlRowCounter
{
    /// <summary>The rows an INSERT statement adds; 0 for anything else.</summary>
    public static long CountInsertRows(ReadOnlySpan<byte> statement)
    {
        var tokens = new SqlTokenizer(statement);
        if (!tokens.Next() || !tokens.Is("insert"u8))
        {
            return 0;
        }

        var afterValues = false;
        long rows = 0;
        while (tokens.Next())
        {
            // The tokenizer has already counted an opening parenthesis into Depth when it hands it out.
            var opens = tokens.Kind == SqlTokenKind.Symbol && tokens.Token[0] == (byte)'(';
            if ((opens ? tokens.Depth - 1 : tokens.Depth) != 0)
            {
                continue;
            }

            if (!afterValues)
            {
                afterValues = tokens.Is("values"u8);
            }
            else if (opens)
            {
                rows++;
            }
        }

        return rows;
    }

    /// <summary>The target of <c>COPY schema.name …</c> or <c>INSERT INTO schema.name …</c>, names unquoted.</summary>
    public static (string? Schema, string Name)? TargetTable(ReadOnlySpan<byte> statement)
    {
        var tokens = new SqlTokenizer(statement);
        if (!tokens.Next())
        {
            return null;
        }

        if (tokens.Is("insert"u8))
        {
            if (!tokens.Next() || !tokens.Is("into"u8))
            {
                return null;
            }
        }
        else if (!tokens.Is("copy"u8))
        {
            return null;
        }

        if (!tokens.Next() || tokens.Name() is not { } first)
        {
            return null;
        }

        if (!tokens.Next() || tokens.Kind != SqlTokenKind.Symbol || tokens.Token[0] != (byte)'.')
        {
            return (null, first);
        }

        return tokens.Next() && tokens.Name() is { } second ? (first, second) : null;
    }
}
