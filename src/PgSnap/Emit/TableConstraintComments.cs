using System.Text;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// Comments (and security labels) of the constraints a table's CREATE makes, for its own block: the check constraints
/// written inline or inherited from a parent, and from 18 the NOT NULL constraints of its columns. Constraints added
/// after the data (NOT VALID, or breaking a dependency loop) carry their comments in their own blocks.
/// </summary>
internal static class TableConstraintComments
{
    public static void Append(EmitContext context, StringBuilder sb, string qn, IReadOnlyList<ColumnRecord> cols, IReadOnlyList<CheckConstraintRecord> checks)
    {
        var q = context.Quoting;
        foreach (var ch in checks.Where(ch => ch.Validated && !ch.BreaksLoop))
        {
            context.Describe(sb, "CONSTRAINT", q.Ident(ch.Name) + " ON " + qn, ch.Description);
        }

        foreach (var c in cols)
        {
            if (c.NotNullConstraint is { Validated: true, MadeByAncestorsAfterData: false } nn)
            {
                context.Describe(sb, "CONSTRAINT", q.Ident(nn.Name) + " ON " + qn, nn.Description);
            }
        }
    }
}
