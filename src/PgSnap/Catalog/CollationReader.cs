using System.Text;
using PgSnap.Emit;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>User collations of dumped schemas (libc and ICU, deterministic or not), version-aware for 13–18.</summary>
internal static class CollationReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var v = session.ServerVersion;
        var icuLocale = v >= 170000 ? "c.colllocale" : v >= 150000 ? "c.colliculocale" : "NULL::text";
        var rules = v >= 160000 ? "c.collicurules" : "NULL::text";
        var rows = await session.QueryAsync(
            $"""
            SELECT c.oid, n.nspname, c.collname, pg_catalog.pg_get_userbyid(c.collowner), c.collprovider::text, c.collisdeterministic,
                   c.collcollate, c.collctype, {icuLocale}, {rules}, c.collencoding
            FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
            WHERE c.collnamespace = ANY(@schemas) ORDER BY n.nspname, c.collname
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), Provider: r.GetString(4)[0], Deterministic: r.GetBoolean(5),
                  Collate: r.Str(6), Ctype: r.Str(7), Locale: r.Str(8), Rules: r.Str(9), Encoding: r.GetInt32(10)),
            ct,
            ("schemas", session.DumpedSchemaOids));
        foreach (var c in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgCollation, c.Oid))
            {
                continue;
            }

            var qn = q.Qualified(c.Schema, c.Name);
            var sb = new StringBuilder(CollationEmitter.Create(qn, new CollationDefinition(c.Provider, c.Collate, c.Ctype, c.Locale, c.Rules, c.Deterministic, c.Encoding)));
            session.Decorations.Owner(sb, "COLLATION", qn, c.Owner);
            session.Describe(sb, "COLLATION", qn, CatalogId.PgCollation, c.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgCollation, c.Oid),
                Kind = "COLLATION",
                Schema = c.Schema,
                Name = c.Name,
                Owner = c.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Collation,
                Sql = sb.ToString(),
                DropSql = session.Decorations.Drop("COLLATION", qn),
            });
        }
    }
}
