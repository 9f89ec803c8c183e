using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads the check constraints of relations. Valid local ones go inline into the CREATE TABLE; NOT VALID ones
/// become their own post-data object, created after the data as pg_dump does.
/// </summary>
internal static class CheckConstraintReader
{
    public static Task<List<CheckRow>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct) =>
        session.QueryAsync(
            """
            SELECT co.oid, co.conrelid, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal
            FROM pg_catalog.pg_constraint co WHERE co.contype = 'c' AND co.conrelid = ANY(@oids) ORDER BY co.conname
            """,
            r => new CheckRow(r.Oid(0), r.Oid(1), r.GetString(2), r.GetString(3), r.GetBoolean(4), r.GetBoolean(5)),
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

internal sealed record CheckRow(uint Oid, uint RelOid, string Name, string Definition, bool Validated, bool IsLocal);
