using Npgsql;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>User operators of dumped schemas (not shells, not those of extensions).</summary>
internal static class OperatorReader
{
    public static async Task<IReadOnlyList<OperatorRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT o.oid, n.nspname, o.oprname, pg_catalog.pg_get_userbyid(o.oprowner),
                   CASE WHEN o.oprleft <> 0 THEN pg_catalog.format_type(o.oprleft, NULL) END,
                   CASE WHEN o.oprright <> 0 THEN pg_catalog.format_type(o.oprright, NULL) END,
                   o.oprcode::pg_catalog.regproc::text,
                   CASE WHEN o.oprcom <> 0 THEN (SELECT ARRAY[cn.nspname, c.oprname] FROM pg_catalog.pg_operator c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprcom) END,
                   CASE WHEN o.oprnegate <> 0 THEN (SELECT ARRAY[cn.nspname, c.oprname] FROM pg_catalog.pg_operator c JOIN pg_catalog.pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprnegate) END,
                   NULLIF(o.oprrest, 0)::pg_catalog.regproc::text, NULLIF(o.oprjoin, 0)::pg_catalog.regproc::text, o.oprcanhash, o.oprcanmerge
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
            WHERE o.oprnamespace = ANY(@schemas) AND o.oprcode <> 0
            ORDER BY n.nspname, o.oprname
            """,
            r => new OperatorRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Str(4), r.Str(5), r.GetString(6), NameAt(r, 7), NameAt(r, 8),
                r.Str(9), r.Str(10), r.GetBoolean(11), r.GetBoolean(12), session.DescriptionOf(CatalogId.PgOperator, r.Oid(0))),
            ct,
            ("schemas", session.DumpedSchemaOids));
        return [.. rows.Where(o => !session.IsExtensionMember(CatalogId.PgOperator, o.Oid))];
    }

    private static OperatorName? NameAt(NpgsqlDataReader r, int i) => r.Arr(i) is { } pair ? new OperatorName(pair[0], pair[1]) : null;
}
