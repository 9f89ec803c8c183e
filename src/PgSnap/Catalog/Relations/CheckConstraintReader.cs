using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the check constraints of relations. Valid local ones go inline into the CREATE TABLE; NOT VALID ones
/// become their own post-data object, created after the data as pg_dump does. So does a valid one whose expression
/// needs something that needs the table (a function taking the table's row type): inline, it would make the table
/// wait for that function and the function for the table (pg_dump_sort.c breaks the same loop that way).
/// </summary>
internal static class CheckConstraintReader
{
    public static Task<List<CheckRow>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct) =>
        session.QueryAsync(
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
            r => new CheckRow(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5), r.GetBoolean(6)),
            ct,
            ("oids", oids));

    public static void AddSeparate(CatalogSession session, PlanBuilder plan, RelRow rel, CheckRow ch)
    {
        var q = session.Quoting;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var sb = new StringBuilder();
        sb.Append("ALTER ").Append(rel.Kind == 'f' ? "FOREIGN TABLE" : "TABLE").Append(' ').Append(qn)
          .Append("\n    ADD CONSTRAINT ").Append(q.Ident(ch.Name)).Append(' ').Append(ch.Definition).Append(";\n");
        session.Describe(sb, "CONSTRAINT", q.Ident(ch.Name) + " ON " + qn, CatalogId.PgConstraint, ch.Oid);
        var obj = plan.Add(new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConstraint, ch.Oid),
            Kind = "CHECK CONSTRAINT",
            Schema = rel.Schema,
            Name = rel.Name + " " + ch.Name,
            Owner = rel.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
            DropSql = "ALTER TABLE " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + qn + " DROP CONSTRAINT " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(ch.Name) + ";\n",
        });
        obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, rel.Oid));
    }

    /// <summary>
    /// Comments of inherited copies of NOT VALID checks: the parent's post-data ADD CONSTRAINT makes the copies (the
    /// children have no statement of their own for them), so each commented copy gets a block after its ancestors'.
    /// </summary>
    public static void AddInheritedComments(CatalogSession session, PlanBuilder plan, List<CheckRow> checks, Dictionary<uint, RelRow> relById)
    {
        var byTableAndName = checks.ToDictionary(c => (c.RelOid, c.Name));
        foreach (var ch in checks.Where(c => !c.Validated && !c.IsLocal && plan.Relations.ContainsKey(c.RelOid)))
        {
            var after = new List<CatalogId>();
            var pending = new Queue<uint>(relById[ch.RelOid].Parents);
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

            var rel = plan.Relations[ch.RelOid];
            CloneComments.Add(session, plan, rel, new CatalogId(CatalogId.PgConstraint, ch.Oid), ch.Name, "CONSTRAINT", session.Quoting.Ident(ch.Name) + " ON " + rel.Qualified, after);
        }
    }
}

/// <param name="InLoop">The constraint's expression needs something that needs its table (see the reader).</param>
internal sealed record CheckRow(uint Oid, uint RelOid, string Name, string Definition, bool Validated, bool IsLocal, bool InLoop = false)
{
    /// <summary>A valid constraint of the table's own that still cannot go inline: it is added after the table's loop.</summary>
    public bool BreaksLoop => Validated && IsLocal && InLoop;
}
