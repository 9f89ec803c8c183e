using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads user-defined types of dumped schemas: enums (values in sort order, so values added later keep their
/// place), composite types, domains with their constraints, and range types. Array types and table row types
/// come with their element type or table and are not read on their own; extension members are left out.
/// </summary>
internal static class TypeReader
{
    public static async Task<IReadOnlyList<TypeRecord>> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var types = (await ReadTypesAsync(session, ct)).Where(t => !session.IsExtensionMember(CatalogId.PgType, t.Oid)).ToList();
        var oids = types.Select(t => t.Oid).ToArray();
        var enumLabels = (await session.QueryAsync(
            "SELECT enumtypid, enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = ANY(@oids) ORDER BY enumtypid, enumsortorder",
            r => (Type: r.Oid(0), Label: r.GetString(1)),
            ct,
            ("oids", oids))).ToLookup(e => e.Type, e => e.Label);
        var attributes = await ReadAttributesAsync(session, [.. types.Where(t => t.RelId != 0).Select(t => t.RelId)], ct);
        var constraints = await ReadDomainConstraintsAsync(session, oids, ct);
        return
        [
            .. types.Select(t => new TypeRecord(
                t.Oid, t.Schema, t.Name, t.Owner, t.Acl, t.InitialAcl, t.ArrayType,
                Definition(t, enumLabels[t.Oid], attributes[t.RelId], constraints[t.Oid]),
                session.DescriptionOf(CatalogId.PgType, t.Oid))),
        ];
    }

    private static TypeDefinition Definition(
        TypeRow t, IEnumerable<string> labels, IEnumerable<CompositeAttributeRecord> attributes, IEnumerable<DomainConstraintRecord> constraints) =>
        t.Type switch
        {
            'e' => new EnumTypeDefinition([.. labels]),
            'c' => new CompositeTypeDefinition(t.RelId, [.. attributes]),
            'd' => new DomainDefinition(t.BaseType!, t.BaseTypeOid, Name(t.Collation), t.Default, t.NotNull, [.. constraints]),
            'r' => new RangeTypeDefinition(
                t.RangeSubtype!, Name(t.RangeOpclass), Name(t.RangeCollation), t.RangeCanonical, t.RangeSubdiff,
                Name(t.RangeMultirange) is { } multirange ? new MultirangeRecord(t.MultirangeOid, multirange, t.MultirangeAcl, t.MultirangeDefaultAcl) : null),
            _ => throw new InvalidOperationException($"type {t.Schema}.{t.Name}: typtype {t.Type} is not read here"),
        };

    private static CatalogName? Name(string[]? schemaAndName) => schemaAndName is null ? null : new CatalogName(schemaAndName[0], schemaAndName[1]);

    private static async Task<List<TypeRow>> ReadTypesAsync(CatalogSession session, CancellationToken ct)
    {
        var multirange = session.ServerVersion >= 140000
            ? "CASE WHEN rg.rngmultitypid <> 0 THEN (SELECT ARRAY[mn.nspname, mt.typname] FROM pg_catalog.pg_type mt JOIN pg_catalog.pg_namespace mn ON mn.oid = mt.typnamespace WHERE mt.oid = rg.rngmultitypid) END"
            : "NULL::text[]";
        var multirangeOid = session.ServerVersion >= 140000 ? "rg.rngmultitypid" : "0::pg_catalog.oid";

        // Before 16 a multirange type has privileges of its own (GRANT and REVOKE accept it; 16 refuses them and
        // checks the range type's instead), which its range type's CREATE TYPE does not set. pg_dump skips them.
        var multirangeAcl = session.ServerVersion is >= 140000 and < 160000
            ? "(SELECT mt.typacl::text[] FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid), (SELECT pg_catalog.acldefault('T', mt.typowner)::text[] FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid)"
            : "NULL::text[], NULL::text[]";
        return await session.QueryAsync(
            $"""
            SELECT t.oid, n.nspname, t.typname, t.typtype::text, pg_catalog.pg_get_userbyid(t.typowner), t.typacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('T', t.typowner))::text[], t.typrelid, t.typarray,
                   CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END, t.typnotnull,
                   pg_catalog.pg_get_expr(t.typdefaultbin, 0),
                   CASE WHEN t.typcollation <> bt.typcollation THEN ARRAY[cn.nspname, co.collname] END,
                   CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(rg.rngsubtype, NULL) END,
                   CASE WHEN rg.rngsubopc <> 0 AND NOT oc.opcdefault THEN ARRAY[ocn.nspname, oc.opcname] END,
                   CASE WHEN rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN ARRAY[rcn.nspname, rco.collname] END,
                   CASE WHEN rg.rngcanonical <> 0 THEN rg.rngcanonical::pg_catalog.regproc::text END,
                   CASE WHEN rg.rngsubdiff <> 0 THEN rg.rngsubdiff::pg_catalog.regproc::text END,
                   {multirange}, {multirangeOid}, t.typbasetype, {multirangeAcl}
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid
            LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype
            LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = rg.rngsubopc
            LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace
            LEFT JOIN pg_catalog.pg_collation rco ON rco.oid = rg.rngcollation
            LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rco.collnamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = t.oid AND ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE t.typnamespace = ANY(@schemas)
              AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
            ORDER BY n.nspname, t.typname
            """,
            r => new TypeRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6), r.Oid(7), r.Oid(8),
                r.Str(9), r.Flag(10), r.Str(11), r.Arr(12), r.Str(13), r.Arr(14), r.Arr(15), r.Str(16), r.Str(17), r.Arr(18), r.Oid(19), r.Oid(20), r.Arr(21), r.Arr(22)),
            ct,
            ("schemas", session.DumpedSchemaOids));
    }

    /// <summary>The attributes of the composite types' pg_class rows, by row, in attnum order.</summary>
    private static async Task<ILookup<uint, CompositeAttributeRecord>> ReadAttributesAsync(CatalogSession session, uint[] relids, CancellationToken ct) =>
        (await session.QueryAsync(
            """
            SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                   CASE WHEN a.attcollation <> at.typcollation THEN ARRAY[cn.nspname, co.collname] END, a.attnum
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
            LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
            WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum
            """,
            r => (Rel: r.Oid(0), Attribute: new CompositeAttributeRecord(
                r.GetString(1), r.GetString(2), Name(r.Arr(3)), session.DescriptionOf(CatalogId.PgClass, r.Oid(0), r.GetInt16(4)))),
            ct,
            ("oids", relids))).ToLookup(a => a.Rel, a => a.Attribute);

    /// <summary>The domains' constraints by domain, in name order; from 17 a domain's NOT NULL is a pg_constraint row too, with a name and maybe a comment.</summary>
    private static async Task<ILookup<uint, DomainConstraintRecord>> ReadDomainConstraintsAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var contypes = session.ServerVersion >= 170000 ? "'c', 'n'" : "'c'";
        return (await session.QueryAsync(
            $"SELECT co.contypid, co.oid, co.conname, pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.contype::text FROM pg_catalog.pg_constraint co WHERE co.contypid = ANY(@oids) AND co.contype IN ({contypes}) ORDER BY co.conname",
            r => (Type: r.Oid(0), Constraint: new DomainConstraintRecord(
                r.Oid(1), r.GetString(2), r.GetString(5)[0], r.GetString(3), r.GetBoolean(4), session.DescriptionOf(CatalogId.PgConstraint, r.Oid(1)))),
            ct,
            ("oids", oids))).ToLookup(c => c.Type, c => c.Constraint);
    }

    private sealed record TypeRow(
        uint Oid, string Schema, string Name, char Type, string Owner, string[]? Acl, string[]? InitialAcl, uint RelId, uint ArrayType,
        string? BaseType, bool NotNull, string? Default, string[]? Collation, string? RangeSubtype, string[]? RangeOpclass,
        string[]? RangeCollation, string? RangeCanonical, string? RangeSubdiff, string[]? RangeMultirange, uint MultirangeOid, uint BaseTypeOid,
        string[]? MultirangeAcl, string[]? MultirangeDefaultAcl);
}
