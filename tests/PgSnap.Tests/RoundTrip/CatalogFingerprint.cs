using System.Text;
using Npgsql;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// A pg_dump-free schema oracle: one query that lists every user object of a database with its full
/// definition as the server itself renders it (<c>pg_get_*def</c>, <c>format_type</c>, <c>pg_get_expr</c>),
/// plus owners, ACLs, options and comments, keyed by name rather than OID and sorted. Two databases with the same
/// objects give the same lines whatever their OIDs; any change to one object changes at least one line. It works on
/// every server major the suite runs (13–18), so it also compares servers newer than the installed pg_dump.
/// </summary>
/// <remarks>
/// ACL items are sorted, so the same grants made in another order compare equal. Objects the dump does not create
/// (extension members, objects in pg_catalog) are listed only where their privileges differ from
/// <c>pg_init_privs</c>, which is what pg_dump carries for them; objects marked <c>DEPENDS ON EXTENSION</c> list
/// each such extension. Catalog columns that come and go between majors are read through <c>to_jsonb(row)</c>, which yields NULL for a
/// key the server does not have, so one query text fits all majors; the two catalogs that only exist from 15
/// (publication schemas) are added only when present. Database-level properties (the database's own comment,
/// owner, ACL, settings) are left out: they belong to <c>CREATE DATABASE</c>, which a dump without <c>--create</c>
/// does not carry. Sequence values and table rows are data, compared by <see cref="DataFingerprint"/>.
/// <para>
/// The one normalisation: a column's <c>pg_attver=N</c> option is left out of its options. PostgreSQL 15.20 stamps it
/// into every column when the column is created, with a value of its own on each server and database, so a restored
/// column can never have the source's; pg_dump 15.20 leaves it out of dumps, and so does pgsnap
/// (<c>ServerManagedColumnOptions</c>). Every other option is compared as stored.
/// </para>
/// </remarks>
internal sealed class CatalogFingerprint
{
    private CatalogFingerprint(IReadOnlyList<string> lines) => Lines = lines;

    /// <summary>One line per object property set: <c>kind TAB name TAB definition</c>, sorted ordinally.</summary>
    public IReadOnlyList<string> Lines { get; }

    public static async Task<CatalogFingerprint> ReadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand(
            "SET search_path = ''; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; SET extra_float_digits = 3",
            conn))
        {
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        var sql = BuildQuery(conn.PostgreSqlVersion.Major);
        var lines = new List<string>();
        await using (var cmd = new NpgsqlCommand(sql, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var def = reader.IsDBNull(2) ? string.Empty : reader.GetString(2);
                lines.Add(reader.GetString(0) + "\t" + reader.GetString(1) + "\t" + Escape(def));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new CatalogFingerprint(lines);
    }

    /// <summary>
    /// The fingerprint without large objects: pg_dump counts them as data, so a schema-only dump leaves them out
    /// (their metadata included) and a schema-only round trip must not expect them back.
    /// </summary>
    public CatalogFingerprint WithoutLargeObjects() =>
        new(Lines.Where(l => !l.StartsWith("large object\t", StringComparison.Ordinal)).ToList());

    /// <summary>
    /// The fingerprint with every line passed through <paramref name="map"/> (null drops the line), sorted again: for
    /// comparisons that must ignore a documented, legitimate difference (e.g. across server majors).
    /// </summary>
    public CatalogFingerprint Normalised(Func<string, string?> map)
    {
        var lines = new List<string>(Lines.Count);
        foreach (var line in Lines)
        {
            if (map(line) is { } mapped)
            {
                lines.Add(mapped);
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new CatalogFingerprint(lines);
    }

    /// <summary>A readable difference (lines only in one side), or null when both are identical.</summary>
    public static string? Compare(CatalogFingerprint expected, CatalogFingerprint actual, string expectedName = "source", string actualName = "restored")
    {
        if (expected.Lines.SequenceEqual(actual.Lines, StringComparer.Ordinal))
        {
            return null;
        }

        return LineDiff.Unified(expected.Lines, actual.Lines, expectedName, actualName);
    }

    // Keeps one object on one line: definitions (function bodies, view queries) span many.
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private static string BuildQuery(int major)
    {
        // Publication column lists and row filters exist from 15.
        var sql = new StringBuilder(Query.Replace(
            "{PUBREL}",
            major >= 15 ? "coalesce(' (' || pr.prattrs::text || ')', '') || coalesce(' WHERE ' || pg_get_expr(pr.prqual, pr.prrelid), '')" : "''",
            StringComparison.Ordinal));
        if (major >= 15)
        {
            sql.Append(PublicationSchemasQuery);
        }

        sql.Append("\nORDER BY 1, 2, 3");
        return sql.ToString();
    }

    private const string Query = """
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
),
ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e'),
rel AS (
  SELECT c.* FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
)
SELECT 'schema', quote_ident(n.nspname),
       format('owner=%s acl=%s comment=%L', pg_get_userbyid(n.nspowner), (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(n.nspacl) ai), obj_description(n.oid, 'pg_namespace'))
FROM pg_namespace n JOIN ns ON ns.oid = n.oid
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_namespace'::regclass AND ext.objid = n.oid)
UNION ALL
SELECT 'relation:' || c.relkind::text, c.oid::regclass::text,
       format('owner=%s persistence=%s acl=%s options=%s rls=%s/%s replident=%s am=%s tablespace=%s partkey=%s bound=%s ispartition=%s of=%s inherits=%s comment=%L',
              pg_get_userbyid(c.relowner), c.relpersistence, (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(c.relacl) ai), c.reloptions, c.relrowsecurity, c.relforcerowsecurity,
              c.relreplident, am.amname, ts.spcname,
              CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
              pg_get_expr(c.relpartbound, c.oid), c.relispartition, NULLIF(c.reloftype, 0)::regtype,
              (SELECT string_agg(i.inhparent::regclass::text, ',' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid),
              obj_description(c.oid, 'pg_class'))
       || CASE WHEN c.relkind IN ('v', 'm') THEN format(' populated=%s view=%s', c.relispopulated, pg_get_viewdef(c.oid)) ELSE '' END
       || CASE WHEN c.relkind = 'S' THEN (
            SELECT format(' seq=%s start=%s inc=%s max=%s min=%s cache=%s cycle=%s',
                          s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)
            FROM pg_sequence s WHERE s.seqrelid = c.oid) || coalesce((
            SELECT format(' owned_by=%s.%s(%s)', d.refobjid::regclass, quote_ident(a.attname), d.deptype)
            FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '')
          ELSE '' END
       || CASE WHEN c.relkind = 'f' THEN (
            SELECT format(' server=%s ftoptions=%s', quote_ident(fs.srvname), ft.ftoptions)
            FROM pg_foreign_table ft JOIN pg_foreign_server fs ON fs.oid = ft.ftserver WHERE ft.ftrelid = c.oid)
          ELSE '' END
FROM rel c
LEFT JOIN pg_am am ON am.oid = c.relam AND c.relkind IN ('r', 'm', 'p')
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
UNION ALL
SELECT 'column', c.oid::regclass::text || '.' || quote_ident(a.attname),
       format('pos=%s type=%s notnull=%s default=%s identity=%s generated=%s collation=%s storage=%s compression=%s stattarget=%s options=%s fdwoptions=%s local=%s/%s acl=%s comment=%L',
              a.pos, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
              a.attidentity, a.attgenerated,
              CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END,
              CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END,
              to_jsonb(a) ->> 'attcompression', to_jsonb(a) ->> 'attstattarget',
              NULLIF(ARRAY(SELECT o FROM unnest(a.attoptions) o WHERE NOT starts_with(o, 'pg_attver=')), '{}'), a.attfdwoptions, a.attislocal, a.attinhcount, (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(a.attacl) ai), col_description(c.oid, a.attnum))
FROM rel c
JOIN (SELECT pa.*, row_number() OVER (PARTITION BY pa.attrelid ORDER BY pa.attnum) AS pos
      FROM pg_attribute pa WHERE pa.attnum > 0 AND NOT pa.attisdropped) a ON a.attrelid = c.oid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
UNION ALL
SELECT 'constraint:' || co.contype::text,
       coalesce(NULLIF(co.conrelid, 0)::regclass::text, NULLIF(co.contypid, 0)::regtype::text, '') || '.' || quote_ident(co.conname),
       format('%s local=%s/%s comment=%L', pg_get_constraintdef(co.oid), co.conislocal, co.coninhcount, obj_description(co.oid, 'pg_constraint'))
FROM pg_constraint co JOIN ns ON ns.oid = co.connamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = co.conrelid)
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = co.contypid)
UNION ALL
SELECT 'index', i.indexrelid::regclass::text,
       format('%s clustered=%s replident=%s valid=%s parent=%s tablespace=%s comment=%L',
              pg_get_indexdef(i.indexrelid), i.indisclustered, i.indisreplident, i.indisvalid,
              (SELECT h.inhparent::regclass::text FROM pg_inherits h WHERE h.inhrelid = i.indexrelid),
              (SELECT spcname FROM pg_tablespace WHERE oid = ic.reltablespace),
              obj_description(i.indexrelid, 'pg_class'))
FROM pg_index i JOIN rel c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
UNION ALL
SELECT 'trigger', tg.tgrelid::regclass::text || '.' || quote_ident(tg.tgname),
       format('%s enabled=%s comment=%L', pg_get_triggerdef(tg.oid), tg.tgenabled, obj_description(tg.oid, 'pg_trigger'))
FROM pg_trigger tg JOIN rel c ON c.oid = tg.tgrelid
WHERE NOT tg.tgisinternal
   -- 13 and 14 mark a partition's clone of its parent's trigger internal; its own enable state still counts.
   OR (tg.tgparentid <> 0 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = tg.tgconstraint AND k.contype <> 't'))
UNION ALL
SELECT 'rule', r.ev_class::regclass::text || '.' || quote_ident(r.rulename),
       format('%s enabled=%s comment=%L', pg_get_ruledef(r.oid), r.ev_enabled, obj_description(r.oid, 'pg_rewrite'))
FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class
WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'policy', p.polrelid::regclass::text || '.' || quote_ident(p.polname),
       format('cmd=%s permissive=%s roles=%s using=%s check=%s comment=%L', p.polcmd, p.polpermissive,
              (SELECT string_agg(rn, ',' ORDER BY rn) FROM (SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END AS rn FROM unnest(p.polroles) r) pr),
              pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), obj_description(p.oid, 'pg_policy'))
FROM pg_policy p JOIN rel c ON c.oid = p.polrelid
UNION ALL
SELECT 'function:' || p.prokind::text, p.oid::regprocedure::text,
       format('owner=%s acl=%s comment=%L def=%s', pg_get_userbyid(p.proowner), (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(p.proacl) ai), obj_description(p.oid, 'pg_proc'),
              CASE WHEN p.prokind = 'a' THEN (
                SELECT format('aggregate(%s) returns %s kind=%s sfunc=%s stype=%s finalfn=%s combinefn=%s initval=%L sortop=%s',
                              pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), ag.aggkind, ag.aggtransfn::regprocedure,
                              ag.aggtranstype::regtype, NULLIF(ag.aggfinalfn, 0)::regprocedure, NULLIF(ag.aggcombinefn, 0)::regprocedure,
                              ag.agginitval, NULLIF(ag.aggsortop, 0)::regoperator)
                FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid)
              ELSE pg_get_functiondef(p.oid) END)
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid)
UNION ALL
SELECT 'type:' || t.typtype::text, t.oid::regtype::text,
       format('owner=%s acl=%s comment=%L', pg_get_userbyid(t.typowner), (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(t.typacl) ai), obj_description(t.oid, 'pg_type'))
       || CASE t.typtype
            WHEN 'e' THEN ' labels=' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
            WHEN 'd' THEN format(' base=%s notnull=%s default=%s collation=%s', format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                                 CASE WHEN t.typcollation <> (SELECT bt.typcollation FROM pg_type bt WHERE bt.oid = t.typbasetype) THEN t.typcollation::regcollation::text END)
            WHEN 'r' THEN (SELECT format(' subtype=%s collation=%s opclass=%s canonical=%s subdiff=%s', rg.rngsubtype::regtype, NULLIF(rg.rngcollation, 0)::regcollation,
                                         (SELECT quote_ident(oc.opcname) FROM pg_opclass oc WHERE oc.oid = rg.rngsubopc), NULLIF(rg.rngcanonical, 0)::regproc, NULLIF(rg.rngsubdiff, 0)::regproc)
                           FROM pg_range rg WHERE rg.rngtypid = t.oid)
            WHEN 'b' THEN format(' input=%s output=%s receive=%s send=%s len=%s byval=%s align=%s storage=%s category=%s',
                                 t.typinput::regproc, t.typoutput::regproc, t.typreceive::regproc, t.typsend::regproc, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typcategory)
            ELSE '' END
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
LEFT JOIN pg_class tc ON tc.oid = t.typrelid
WHERE t.typtype <> 'm'
  AND NOT (t.typelem <> 0 AND t.typlen = -1 AND t.typtype = 'b' AND EXISTS (SELECT 1 FROM pg_type et WHERE et.oid = t.typelem AND et.typarray = t.oid))
  AND (t.typrelid = 0 OR tc.relkind = 'c')
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'extension', quote_ident(e.extname),
       format('version=%s schema=%s config=%s comment=%L', e.extversion, quote_ident(n.nspname),
              (SELECT string_agg(x::regclass::text, ',' ORDER BY x::regclass::text) FROM unnest(e.extconfig) x), obj_description(e.oid, 'pg_extension'))
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
UNION ALL
SELECT 'collation', co.oid::regcollation::text,
       format('owner=%s def=%s comment=%L', pg_get_userbyid(co.collowner),
              to_jsonb(co) - 'oid' - 'collnamespace' - 'collowner', obj_description(co.oid, 'pg_collation'))
FROM pg_collation co JOIN ns ON ns.oid = co.collnamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_collation'::regclass AND ext.objid = co.oid)
UNION ALL
SELECT 'operator', o.oid::regoperator::text,
       format('owner=%s code=%s commutator=%s negator=%s restrict=%s join=%s hashes=%s merges=%s comment=%L',
              pg_get_userbyid(o.oprowner), o.oprcode::regprocedure, NULLIF(o.oprcom, 0)::regoperator, NULLIF(o.oprnegate, 0)::regoperator,
              NULLIF(o.oprrest, 0)::regproc, NULLIF(o.oprjoin, 0)::regproc, o.oprcanhash, o.oprcanmerge, obj_description(o.oid, 'pg_operator'))
FROM pg_operator o JOIN ns ON ns.oid = o.oprnamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_operator'::regclass AND ext.objid = o.oid)
  -- A shell operator no operator names as COMMUTATOR or NEGATOR has no function and no use: dumps leave it out on
  -- purpose (pg_dump skips every shell; a named one comes back with the operator naming it).
  AND (o.oprcode <> 0 OR EXISTS (SELECT 1 FROM pg_operator r WHERE r.oprcode <> 0 AND o.oid IN (r.oprcom, r.oprnegate)))
UNION ALL
SELECT 'opclass', quote_ident(n.nspname) || '.' || quote_ident(oc.opcname) || ' USING ' || am.amname,
       format('owner=%s type=%s default=%s family=%s storage=%s comment=%L', pg_get_userbyid(oc.opcowner), oc.opcintype::regtype, oc.opcdefault,
              (SELECT quote_ident(f.opfname) FROM pg_opfamily f WHERE f.oid = oc.opcfamily), NULLIF(oc.opckeytype, 0)::regtype, obj_description(oc.oid, 'pg_opclass'))
FROM pg_opclass oc JOIN ns n ON n.oid = oc.opcnamespace JOIN pg_am am ON am.oid = oc.opcmethod
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_opclass'::regclass AND ext.objid = oc.oid)
UNION ALL
SELECT 'opfamily', quote_ident(n.nspname) || '.' || quote_ident(f.opfname) || ' USING ' || am.amname,
       format('owner=%s members=%s', pg_get_userbyid(f.opfowner),
              (SELECT string_agg(m, ',' ORDER BY m) FROM (
                 SELECT format('op %s %s', ao.amopstrategy, ao.amopopr::regoperator) AS m FROM pg_amop ao WHERE ao.amopfamily = f.oid
                 UNION ALL
                 SELECT format('fn %s (%s,%s) %s', ap.amprocnum, ap.amproclefttype::regtype, ap.amprocrighttype::regtype, ap.amproc::regprocedure)
                 FROM pg_amproc ap WHERE ap.amprocfamily = f.oid) ms))
FROM pg_opfamily f JOIN ns n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_opfamily'::regclass AND ext.objid = f.oid)
UNION ALL
SELECT 'comment', (SELECT format('%s %s', io.type, io.identity) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) io), d.description
FROM pg_description d
WHERE d.objoid >= 16384 AND d.classoid <> 'pg_largeobject'::regclass
  -- DROP SUBSCRIPTION leaves its comment behind: a comment on nothing, which no dump restores (pg_dump neither).
  AND (d.classoid <> 'pg_subscription'::regclass OR EXISTS (SELECT 1 FROM pg_subscription s WHERE s.oid = d.objoid))
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = d.classoid AND ext.objid = d.objoid)
  AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace cn ON cn.oid = c.relnamespace
                  WHERE d.classoid = 'pg_class'::regclass AND c.oid = d.objoid AND (cn.nspname IN ('pg_catalog', 'information_schema') OR cn.nspname LIKE 'pg\_toast%'))
UNION ALL
SELECT 'cast', format('(%s AS %s)', ca.castsource::regtype, ca.casttarget::regtype),
       format('func=%s context=%s method=%s comment=%L', NULLIF(ca.castfunc, 0)::regprocedure, ca.castcontext, ca.castmethod, obj_description(ca.oid, 'pg_cast'))
FROM pg_cast ca
WHERE ca.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_cast'::regclass AND ext.objid = ca.oid)
UNION ALL
SELECT 'text search configuration', cfg.oid::regconfig::text,
       format('owner=%s parser=%s maps=%s comment=%L', pg_get_userbyid(cfg.cfgowner), (SELECT quote_ident(prsname) FROM pg_ts_parser WHERE oid = cfg.cfgparser),
              (SELECT string_agg(format('%s:%s:%s', m.maptokentype, m.mapseqno, m.mapdict::regdictionary), ',' ORDER BY m.maptokentype, m.mapseqno) FROM pg_ts_config_map m WHERE m.mapcfg = cfg.oid),
              obj_description(cfg.oid, 'pg_ts_config'))
FROM pg_ts_config cfg JOIN ns ON ns.oid = cfg.cfgnamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_config'::regclass AND ext.objid = cfg.oid)
UNION ALL
SELECT 'text search dictionary', d.oid::regdictionary::text,
       format('owner=%s template=%s options=%s comment=%L', pg_get_userbyid(d.dictowner), (SELECT quote_ident(tmplname) FROM pg_ts_template WHERE oid = d.dicttemplate),
              d.dictinitoption, obj_description(d.oid, 'pg_ts_dict'))
FROM pg_ts_dict d JOIN ns ON ns.oid = d.dictnamespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_dict'::regclass AND ext.objid = d.oid)
UNION ALL
SELECT 'foreign data wrapper', quote_ident(w.fdwname),
       format('owner=%s handler=%s validator=%s options=%s acl=%s', pg_get_userbyid(w.fdwowner), NULLIF(w.fdwhandler, 0)::regproc, NULLIF(w.fdwvalidator, 0)::regproc, w.fdwoptions, (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(w.fdwacl) ai))
FROM pg_foreign_data_wrapper w
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_foreign_data_wrapper'::regclass AND ext.objid = w.oid)
UNION ALL
SELECT 'foreign server', quote_ident(s.srvname),
       format('owner=%s fdw=%s type=%s version=%s options=%s acl=%s', pg_get_userbyid(s.srvowner), (SELECT quote_ident(fdwname) FROM pg_foreign_data_wrapper WHERE oid = s.srvfdw),
              s.srvtype, s.srvversion, s.srvoptions, (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(s.srvacl) ai))
FROM pg_foreign_server s
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_foreign_server'::regclass AND ext.objid = s.oid)
UNION ALL
SELECT 'user mapping', quote_ident(um.srvname) || ' FOR ' || um.usename, format('options=%s', um.umoptions)
FROM pg_user_mappings um
UNION ALL
SELECT 'publication', quote_ident(pb.pubname),
       format('owner=%s def=%s tables=%s', pg_get_userbyid(pb.pubowner), to_jsonb(pb) - 'oid' - 'pubowner',
              (SELECT string_agg(pr.prrelid::regclass::text || {PUBREL}, ',' ORDER BY pr.prrelid::regclass::text) FROM pg_publication_rel pr WHERE pr.prpubid = pb.oid))
FROM pg_publication pb
UNION ALL
SELECT 'event trigger', quote_ident(et.evtname),
       format('owner=%s event=%s func=%s enabled=%s tags=%s comment=%L', pg_get_userbyid(et.evtowner), et.evtevent, et.evtfoid::regprocedure, et.evtenabled, et.evttags,
              obj_description(et.oid, 'pg_event_trigger'))
FROM pg_event_trigger et
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_event_trigger'::regclass AND ext.objid = et.oid)
UNION ALL
SELECT 'statistics', quote_ident(n.nspname) || '.' || quote_ident(st.stxname),
       format('%s owner=%s stattarget=%s comment=%L', pg_get_statisticsobjdef(st.oid), pg_get_userbyid(st.stxowner), to_jsonb(st) ->> 'stxstattarget',
              obj_description(st.oid, 'pg_statistic_ext'))
FROM pg_statistic_ext st JOIN ns n ON n.oid = st.stxnamespace
UNION ALL
SELECT 'default acl', format('%s %s %s', pg_get_userbyid(da.defaclrole), coalesce(quote_ident(n.nspname), '-'), da.defaclobjtype), format('acl=%s', (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(da.defaclacl) ai))
FROM pg_default_acl da LEFT JOIN pg_namespace n ON n.oid = da.defaclnamespace
UNION ALL
SELECT 'large object', lo.oid::text,
       format('owner=%s acl=%s comment=%L', pg_get_userbyid(lo.lomowner), (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(lo.lomacl) ai), obj_description(lo.oid, 'pg_largeobject'))
FROM pg_largeobject_metadata lo
UNION ALL
SELECT 'language', quote_ident(l.lanname),
       format('owner=%s trusted=%s handler=%s acl=%s comment=%L', pg_get_userbyid(l.lanowner), l.lanpltrusted, NULLIF(l.lanplcallfoid, 0)::regproc, (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(l.lanacl) ai),
              obj_description(l.oid, 'pg_language'))
FROM pg_language l
WHERE l.lanispl AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_language'::regclass AND ext.objid = l.oid)
UNION ALL
SELECT 'privileges changed since creation', pg_describe_object(p.classoid, p.objoid, p.objsubid),
       format('acl=%s initial=%s', (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(p.acl) ai),
              (SELECT string_agg(ai::text, ',' ORDER BY ai::text) FROM unnest(ip.initprivs) ai))
FROM (
  SELECT 'pg_class'::regclass AS classoid, c.oid AS objoid, 0 AS objsubid, c.relacl AS acl, c.relnamespace AS nsp FROM pg_class c
  UNION ALL SELECT 'pg_class'::regclass, a.attrelid, a.attnum, a.attacl, c.relnamespace FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'pg_proc'::regclass, p.oid, 0, p.proacl, p.pronamespace FROM pg_proc p
  UNION ALL SELECT 'pg_type'::regclass, t.oid, 0, t.typacl, t.typnamespace FROM pg_type t
  UNION ALL SELECT 'pg_namespace'::regclass, n.oid, 0, n.nspacl, n.oid FROM pg_namespace n
  UNION ALL SELECT 'pg_language'::regclass, l.oid, 0, l.lanacl, NULL FROM pg_language l
  UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, w.oid, 0, w.fdwacl, NULL FROM pg_foreign_data_wrapper w
  UNION ALL SELECT 'pg_foreign_server'::regclass, s.oid, 0, s.srvacl, NULL FROM pg_foreign_server s
) p
LEFT JOIN pg_init_privs ip ON ip.classoid = p.classoid AND ip.objoid = p.objoid AND ip.objsubid = p.objsubid
WHERE (p.nsp = 'pg_catalog'::regnamespace OR EXISTS (SELECT 1 FROM ext WHERE ext.classid = p.classoid AND ext.objid = p.objoid))
  AND p.acl IS DISTINCT FROM ip.initprivs
UNION ALL
SELECT 'depends on extension', pg_describe_object(d.classid, d.objid, d.objsubid), quote_ident(e.extname)
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.deptype = 'x' AND d.refclassid = 'pg_extension'::regclass
""";

    private const string PublicationSchemasQuery = """

UNION ALL
SELECT 'publication schema', quote_ident(pb.pubname) || ' ' || quote_ident(n.nspname), ''
FROM pg_publication_namespace pn JOIN pg_publication pb ON pb.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid
""";
}
