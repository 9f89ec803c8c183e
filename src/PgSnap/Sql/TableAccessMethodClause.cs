using System.Text;

namespace PgSnap.Sql;

/// <summary>
/// Cuts the <c>USING method</c> clause out of <c>CREATE [UNLOGGED] TABLE</c> and <c>CREATE MATERIALIZED VIEW</c>
/// for restore --no-table-access-method: pgsnap's dump names a table's access method inline, where pg_dump sets
/// default_table_access_method instead (which <see cref="OptionalStatementKind.TableAccessMethod"/> skips), so the
/// object takes the target's default either way. Only a USING outside parentheses and before a view's AS is taken,
/// so a policy's or a query's USING is never touched.
/// </summary>
public static class TableAccessMethodClause
{
    /// <summary>The statement without its access method clause, or null when it has none.</summary>
    public static string? Remove(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord)
    {
        if (!firstWord.SequenceEqual("create"u8))
        {
            return null;
        }

        var t = new SqlTokenizer(statement);
        var words = 0;
        var isRelation = false;
        var usingAt = -1;
        while (t.Next())
        {
            if (t.Depth != 0 || t.Kind is SqlTokenKind.String or SqlTokenKind.Symbol)
            {
                continue;
            }

            words++;
            if (usingAt >= 0)
            {
                statement.Overlaps(t.Token, out var end);
                end += t.Token.Length;
                return Encoding.UTF8.GetString(statement[..usingAt]) + Encoding.UTF8.GetString(statement[end..]);
            }

            if (words <= 3 && (t.Is("table"u8) || t.Is("view"u8)))
            {
                isRelation = true;
            }
            else if (!isRelation && words > 3)
            {
                return null;
            }
            else if (t.Is("as"u8))
            {
                return null;
            }
            else if (isRelation && t.Is("using"u8))
            {
                statement.Overlaps(t.Token, out usingAt);
            }
        }

        return null;
    }
}
