using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the check constraints of relations. Valid local ones go inline into the CREATE TABLE; NOT VALID ones
/// become their own post-data object, created after the data as pg_dump does. So does a valid one whose expression
/// needs something that needs the table (a function taking the table's row type): inline, it would make the table
/// wait for that function and the function for the table (pg_dump_sort.c breaks the same loop that way).
/// </summary>
internal static class CheckConstraintReader
{
    public static async Task<List<CheckConstraintRecord>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT co.oid, co.conrelid, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal,
                   EXISTS (
                       -- What the constraint uses besides its own table, and what that uses in turn, reaches the table
                       -- (its row type, its pg_class row): a dependency loop through the constraint.
                       WITH RECURSIVE uses(classid, objid) AS (
                           SELECT d.refclassid, d.refobjid FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.objid = co.oid
                             AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a')
                             AND NOT (d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = co.conrelid)
                           UNION
                           SELECT d.refclassid, d.refobjid FROM uses u
                           JOIN pg_catalog.pg_depend d ON d.classid = u.classid AND d.objid = u.objid
                           WHERE d.refobjid >= 16384 AND d.deptype IN ('n', 'a', 'i')
                       )
                       SELECT FROM uses u
                       WHERE (u.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND u.objid = co.conrelid)
                          OR (u.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                              AND u.objid = (SELECT c.reltype FROM pg_catalog.pg_class c WHERE c.oid = co.conrelid)))
            FROM pg_catalog.pg_constraint co WHERE co.contype = 'c' AND co.conrelid = ANY(@oids) ORDER BY co.conname
            """,
            r => new CheckConstraintRecord(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5), r.GetBoolean(6)),
            ct,
            ("oids", oids));
        return [.. rows.Select(c => c with { Description = session.DescriptionOf(CatalogId.PgConstraint, c.Oid) })];
    }

    /// <summary>
    /// Inherited copies of NOT VALID checks are made by the parent's post-data ADD CONSTRAINT (the children have no
    /// statement of their own for them): each copy learns the same-named constraints of its ancestors, after which its
    /// comment goes.
    /// </summary>
    public static List<CheckConstraintRecord> WithAncestors(List<CheckConstraintRecord> checks, IReadOnlyDictionary<uint, RelationRecord> relById)
    {
        var byTableAndName = checks.ToDictionary(c => (c.RelOid, c.Name));
        var result = new List<CheckConstraintRecord>(checks.Count);
        foreach (var ch in checks)
        {
            if (ch.Validated || ch.IsLocal || !relById.TryGetValue(ch.RelOid, out var rel))
            {
                result.Add(ch);
                continue;
            }

            var after = new List<CatalogId>();
            var pending = new Queue<uint>(rel.Parents);
            while (pending.TryDequeue(out var parent))
            {
                if (byTableAndName.TryGetValue((parent, ch.Name), out var copy))
                {
                    after.Add(new CatalogId(CatalogId.PgConstraint, copy.Oid));
                    foreach (var grandparent in relById.GetValueOrDefault(parent)?.Parents ?? [])
                    {
                        pending.Enqueue(grandparent);
                    }
                }
            }

            result.Add(ch with { Ancestors = after });
        }

        return result;
    }
}
