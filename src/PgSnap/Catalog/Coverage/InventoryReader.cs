using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// Reads <see cref="CatalogInventory"/>: every object a user can create in a database (each catalog pg_depend and
/// pg_shdepend can point into, per-database ones only), its comments, labels, privileges that differ from what
/// initdb or an extension script set, DEPENDS ON EXTENSION marks, extension configuration rows and large objects.
/// Version-aware for 13-18 (pg_publication_namespace from 15). Runs inside the dump's snapshot.
/// </summary>
internal static class InventoryReader
{
    /// <summary>
    /// One row per object: classid, oid, namespace, owner, relation, parent (class, oid), name, kind, and an explicit
    /// fold (class, oid) where the catalog itself says which object recreates this one.
    /// </summary>
    internal static string ObjectsSql(int version) =>
        $"""
        WITH toast(rel, owner) AS (
            -- A TOAST table and its index have no pg_depend row: they come back with the table that owns them. Keyed
            -- by the TOAST relation's own oid, never NULL: a join key that is NULL for every other relation made the
            -- server's hash join pile them into one batch it kept splitting (minutes at 50,000 tables).
            SELECT o.reltoastrelid, o.oid FROM pg_catalog.pg_class o WHERE o.reltoastrelid <> 0
            UNION ALL
            SELECT x.indexrelid, o.oid FROM pg_catalog.pg_class o JOIN pg_catalog.pg_index x ON x.indrelid = o.reltoastrelid
            WHERE o.reltoastrelid <> 0
        )
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid, c.relnamespace, pg_catalog.pg_get_userbyid(c.relowner),
               COALESCE(i.indrelid, 0), 0::oid, 0::oid, c.relname::text, c.relkind::text,
               CASE WHEN t.owner IS NOT NULL THEN 'pg_catalog.pg_class'::pg_catalog.regclass::oid ELSE 0 END, COALESCE(t.owner, 0)
        FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
        LEFT JOIN toast t ON t.rel = c.oid
        WHERE c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, p.pronamespace, pg_catalog.pg_get_userbyid(p.proowner), 0, 0, 0, p.proname::text, p.prokind::text, 0, 0
        FROM pg_catalog.pg_proc p WHERE p.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid, t.typnamespace, pg_catalog.pg_get_userbyid(t.typowner), 0, 0, 0, t.typname::text, t.typtype::text, 0, 0
        FROM pg_catalog.pg_type t WHERE t.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, n.oid, 0, pg_catalog.pg_get_userbyid(n.nspowner), 0, 0, 0, n.nspname::text, '', 0, 0
        FROM pg_catalog.pg_namespace n WHERE n.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::oid, k.oid, k.connamespace, NULL, k.conrelid,
               CASE WHEN k.contypid <> 0 THEN 'pg_catalog.pg_type'::pg_catalog.regclass::oid ELSE 0 END, k.contypid, k.conname::text, k.contype::text,
               -- An inherited constraint comes back with the child table (INHERITS / PARTITION OF); a domain's NOT NULL
               -- (a pg_constraint row from 17) with the domain's NOT NULL clause.
               CASE WHEN NOT k.conislocal AND k.conrelid <> 0 THEN 'pg_catalog.pg_class'::pg_catalog.regclass::oid
                    WHEN k.contype = 'n' AND k.contypid <> 0 THEN 'pg_catalog.pg_type'::pg_catalog.regclass::oid ELSE 0 END,
               CASE WHEN NOT k.conislocal AND k.conrelid <> 0 THEN k.conrelid WHEN k.contype = 'n' AND k.contypid <> 0 THEN k.contypid ELSE 0 END
        FROM pg_catalog.pg_constraint k WHERE k.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid, g.oid, 0, NULL, g.tgrelid, 0, 0, g.tgname::text, g.tgenabled::text,
               -- A partition's clone of its parent's trigger comes back with ATTACH, but only in the parent's state.
               CASE WHEN g.tgparentid <> 0 AND pt.tgenabled = g.tgenabled THEN 'pg_catalog.pg_trigger'::pg_catalog.regclass::oid ELSE 0 END,
               CASE WHEN g.tgparentid <> 0 AND pt.tgenabled = g.tgenabled THEN g.tgparentid ELSE 0 END
        FROM pg_catalog.pg_trigger g LEFT JOIN pg_catalog.pg_trigger pt ON pt.oid = g.tgparentid WHERE g.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::oid, r.oid, 0, NULL, r.ev_class, 0, 0, r.rulename::text, r.ev_type::text, 0, 0
        FROM pg_catalog.pg_rewrite r WHERE r.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass::oid, p.oid, 0, NULL, p.polrelid, 0, 0, p.polname::text, '', 0, 0
        FROM pg_catalog.pg_policy p WHERE p.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass::oid, d.oid, 0, NULL, d.adrelid, 0, 0, d.adnum::text, '',
               -- An inherited column's generation expression comes back with the child (INHERITS copies it).
               CASE WHEN a.attinhcount > 0 AND a.attgenerated <> '' THEN 'pg_catalog.pg_class'::pg_catalog.regclass::oid ELSE 0 END,
               CASE WHEN a.attinhcount > 0 AND a.attgenerated <> '' THEN d.adrelid ELSE 0 END
        FROM pg_catalog.pg_attrdef d
        JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass::oid, o.oid, o.oprnamespace, pg_catalog.pg_get_userbyid(o.oprowner), 0, 0, 0, o.oprname::text,
               CASE WHEN o.oprcode = 0 THEN 'shell' ELSE '' END,
               -- A shell operator (no function) is what CREATE OPERATOR leaves for a COMMUTATOR or NEGATOR that does not
               -- exist yet: the CREATE OPERATOR of the operator naming it makes it again.
               CASE WHEN ref.oid IS NOT NULL THEN 'pg_catalog.pg_operator'::pg_catalog.regclass::oid ELSE 0 END, COALESCE(ref.oid, 0)
        FROM pg_catalog.pg_operator o
        LEFT JOIN LATERAL (SELECT r.oid FROM pg_catalog.pg_operator r
                           WHERE o.oprcode = 0 AND r.oprcode <> 0 AND o.oid IN (r.oprcom, r.oprnegate) ORDER BY r.oid LIMIT 1) ref ON true
        WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_opclass'::pg_catalog.regclass::oid, o.oid, o.opcnamespace, pg_catalog.pg_get_userbyid(o.opcowner), 0, 0, 0, o.opcname::text, '', 0, 0
        FROM pg_catalog.pg_opclass o WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass::oid, o.oid, o.opfnamespace, pg_catalog.pg_get_userbyid(o.opfowner), 0, 0, 0, o.opfname::text, '',
               -- CREATE OPERATOR CLASS without FAMILY makes a family of the same name: it comes back with the class.
               CASE WHEN oc.oid IS NOT NULL THEN 'pg_catalog.pg_opclass'::pg_catalog.regclass::oid ELSE 0 END, COALESCE(oc.oid, 0)
        FROM pg_catalog.pg_opfamily o
        LEFT JOIN LATERAL (SELECT c.oid FROM pg_catalog.pg_opclass c
                           WHERE c.opcfamily = o.oid AND c.opcname = o.opfname AND c.opcnamespace = o.opfnamespace ORDER BY c.oid LIMIT 1) oc ON true
        WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_amop'::pg_catalog.regclass::oid, o.oid, 0, NULL, 0, 'pg_catalog.pg_opfamily'::pg_catalog.regclass::oid, o.amopfamily, '', '', 0, 0
        FROM pg_catalog.pg_amop o WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_amproc'::pg_catalog.regclass::oid, o.oid, 0, NULL, 0, 'pg_catalog.pg_opfamily'::pg_catalog.regclass::oid, o.amprocfamily, '', '', 0, 0
        FROM pg_catalog.pg_amproc o WHERE o.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_cast'::pg_catalog.regclass::oid, c.oid, 0, NULL, 0, 0, 0, '', '', 0, 0 FROM pg_catalog.pg_cast c WHERE c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_transform'::pg_catalog.regclass::oid, t.oid, 0, NULL, 0, 0, 0, '', '', 0, 0 FROM pg_catalog.pg_transform t WHERE t.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass::oid, c.oid, c.connamespace, pg_catalog.pg_get_userbyid(c.conowner), 0, 0, 0, c.conname::text, '', 0, 0
        FROM pg_catalog.pg_conversion c WHERE c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass::oid, c.oid, c.collnamespace, pg_catalog.pg_get_userbyid(c.collowner), 0, 0, 0, c.collname::text, '', 0, 0
        FROM pg_catalog.pg_collation c WHERE c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass::oid, c.oid, c.cfgnamespace, pg_catalog.pg_get_userbyid(c.cfgowner), 0, 0, 0, c.cfgname::text, '', 0, 0
        FROM pg_catalog.pg_ts_config c WHERE c.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass::oid, d.oid, d.dictnamespace, pg_catalog.pg_get_userbyid(d.dictowner), 0, 0, 0, d.dictname::text, '', 0, 0
        FROM pg_catalog.pg_ts_dict d WHERE d.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_ts_parser'::pg_catalog.regclass::oid, p.oid, p.prsnamespace, NULL, 0, 0, 0, p.prsname::text, '', 0, 0
        FROM pg_catalog.pg_ts_parser p WHERE p.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_ts_template'::pg_catalog.regclass::oid, t.oid, t.tmplnamespace, NULL, 0, 0, 0, t.tmplname::text, '', 0, 0
        FROM pg_catalog.pg_ts_template t WHERE t.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass::oid, w.oid, 0, pg_catalog.pg_get_userbyid(w.fdwowner), 0, 0, 0, w.fdwname::text, '', 0, 0
        FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass::oid, s.oid, 0, pg_catalog.pg_get_userbyid(s.srvowner), 0, 0, 0, s.srvname::text, '', 0, 0
        FROM pg_catalog.pg_foreign_server s WHERE s.oid >= 16384
        UNION ALL
        -- The pg_user_mappings view, not the table: only superusers may read pg_user_mapping, and a dump as an
        -- ordinary role (Supabase's postgres is one) must not fail on it.
        SELECT 'pg_catalog.pg_user_mapping'::pg_catalog.regclass::oid, u.umid, 0, NULL, 0, 'pg_catalog.pg_foreign_server'::pg_catalog.regclass::oid, u.srvid, '', '', 0, 0
        FROM pg_catalog.pg_user_mappings u WHERE u.umid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass::oid, e.oid, 0, pg_catalog.pg_get_userbyid(e.extowner), 0, 0, 0, e.extname::text, '', 0, 0
        FROM pg_catalog.pg_extension e WHERE e.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_language'::pg_catalog.regclass::oid, l.oid, 0, pg_catalog.pg_get_userbyid(l.lanowner), 0, 0, 0, l.lanname::text, '', 0, 0
        FROM pg_catalog.pg_language l WHERE l.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_am'::pg_catalog.regclass::oid, a.oid, 0, NULL, 0, 0, 0, a.amname::text, a.amtype::text, 0, 0 FROM pg_catalog.pg_am a WHERE a.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_event_trigger'::pg_catalog.regclass::oid, e.oid, 0, pg_catalog.pg_get_userbyid(e.evtowner), 0, 0, 0, e.evtname::text, '', 0, 0
        FROM pg_catalog.pg_event_trigger e WHERE e.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_publication'::pg_catalog.regclass::oid, p.oid, 0, pg_catalog.pg_get_userbyid(p.pubowner), 0, 0, 0, p.pubname::text, '', 0, 0
        FROM pg_catalog.pg_publication p WHERE p.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_publication_rel'::pg_catalog.regclass::oid, r.oid, 0, NULL, r.prrelid, 'pg_catalog.pg_publication'::pg_catalog.regclass::oid, r.prpubid, '', '', 0, 0
        FROM pg_catalog.pg_publication_rel r WHERE r.oid >= 16384
        {(version >= 150000 ? """
        UNION ALL
        SELECT 'pg_catalog.pg_publication_namespace'::pg_catalog.regclass::oid, p.oid, p.pnnspid, NULL, 0, 'pg_catalog.pg_publication'::pg_catalog.regclass::oid, p.pnpubid, '', '', 0, 0
        FROM pg_catalog.pg_publication_namespace p WHERE p.oid >= 16384
        """ : "")}
        UNION ALL
        SELECT 'pg_catalog.pg_subscription'::pg_catalog.regclass::oid, s.oid, 0, pg_catalog.pg_get_userbyid(s.subowner), 0, 0, 0, s.subname::text, '', 0, 0
        FROM pg_catalog.pg_subscription s
        WHERE s.oid >= 16384 AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
        UNION ALL
        SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass::oid, s.oid, s.stxnamespace, pg_catalog.pg_get_userbyid(s.stxowner), s.stxrelid, 0, 0, s.stxname::text, '', 0, 0
        FROM pg_catalog.pg_statistic_ext s WHERE s.oid >= 16384
        UNION ALL
        SELECT 'pg_catalog.pg_default_acl'::pg_catalog.regclass::oid, d.oid, d.defaclnamespace, pg_catalog.pg_get_userbyid(d.defaclrole), 0, 0, 0, '', d.defaclobjtype::text, 0, 0
        FROM pg_catalog.pg_default_acl d WHERE d.oid >= 16384
        """;

    /// <summary>
    /// Dependencies that fold one object into another (internal 'i', partition 'P'), make it an extension member
    /// ('e'), or mark it DEPENDS ON EXTENSION ('x'); plus the operator family of a loose operator or support function.
    /// </summary>
    private const string DependSql = """
        SELECT d.classid, d.objid, d.refclassid, d.refobjid, d.deptype::text
        FROM pg_catalog.pg_depend d
        WHERE d.objid >= 16384 AND d.objsubid = 0
          AND (d.deptype IN ('i', 'P', 'e', 'x')
               OR (d.deptype = 'a' AND d.classid IN ('pg_catalog.pg_amop'::pg_catalog.regclass, 'pg_catalog.pg_amproc'::pg_catalog.regclass)))
        """;

    /// <summary>
    /// Privileges to audit. A user object's ACL counts when set; an extension member's or initdb object's when it
    /// differs from pg_init_privs (compared as sorted aclitem text, NULL meaning the default).
    /// </summary>
    private const string AclSql = """
        WITH acls(classid, objid, subid, acl, dflt, nsp) AS (
            SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::oid, c.oid, 0, c.relacl,
                   pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner), c.relnamespace
            FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            UNION ALL
            SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::oid, a.attrelid, a.attnum, a.attacl, NULL, (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = a.attrelid)
            FROM pg_catalog.pg_attribute a WHERE a.attnum > 0 AND NOT a.attisdropped
              AND (a.attacl IS NOT NULL OR EXISTS (SELECT 1 FROM pg_catalog.pg_init_privs ip
                   WHERE ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.objoid = a.attrelid AND ip.objsubid = a.attnum))
            UNION ALL
            SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::oid, p.oid, 0, p.proacl, pg_catalog.acldefault('f', p.proowner), p.pronamespace FROM pg_catalog.pg_proc p
            UNION ALL
            SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::oid, t.oid, 0, t.typacl, pg_catalog.acldefault('T', t.typowner), t.typnamespace FROM pg_catalog.pg_type t
            UNION ALL
            SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::oid, n.oid, 0, n.nspacl, pg_catalog.acldefault('n', n.nspowner), n.oid FROM pg_catalog.pg_namespace n
            UNION ALL
            SELECT 'pg_catalog.pg_language'::pg_catalog.regclass::oid, l.oid, 0, l.lanacl, pg_catalog.acldefault('l', l.lanowner), 0 FROM pg_catalog.pg_language l
            UNION ALL
            SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass::oid, w.oid, 0, w.fdwacl, pg_catalog.acldefault('F', w.fdwowner), 0 FROM pg_catalog.pg_foreign_data_wrapper w
            UNION ALL
            SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass::oid, s.oid, 0, s.srvacl, pg_catalog.acldefault('S', s.srvowner), 0 FROM pg_catalog.pg_foreign_server s
            UNION ALL
            SELECT 'pg_catalog.pg_largeobject'::pg_catalog.regclass::oid, l.oid, 0, l.lomacl, pg_catalog.acldefault('L', l.lomowner), 0 FROM pg_catalog.pg_largeobject_metadata l
        )
        SELECT x.classid, x.objid, x.subid
        FROM acls x LEFT JOIN pg_catalog.pg_init_privs ip ON ip.classoid = x.classid AND ip.objoid = x.objid AND ip.objsubid = x.subid
        WHERE (x.acl IS NOT NULL OR ip.initprivs IS NOT NULL)
          -- initdb creates information_schema after it records pg_init_privs: its privileges have no baseline.
          AND NOT (x.objid < 16384 AND ip.objoid IS NULL
                   AND x.nsp = (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = 'information_schema'))
          AND CASE WHEN x.objid >= 16384 AND ip.objoid IS NULL
                        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = x.classid AND e.objid = x.objid AND e.deptype = 'e')
                   THEN x.acl IS NOT NULL
                   ELSE ARRAY(SELECT a::text FROM pg_catalog.unnest(COALESCE(x.acl, x.dflt, '{}')) a ORDER BY 1)
                        IS DISTINCT FROM ARRAY(SELECT a::text FROM pg_catalog.unnest(COALESCE(ip.initprivs, x.dflt, '{}')) a ORDER BY 1)
              END
        """;

    public static async Task<CatalogInventory> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var members = new Dictionary<CatalogId, uint>();
        var folds = new Dictionary<CatalogId, CatalogId>();
        var extensionDependencies = new List<(CatalogId, uint)>();
        await session.QueryAsync(DependSql, r =>
        {
            var id = new CatalogId(r.Oid(0), r.Oid(1));
            var target = new CatalogId(r.Oid(2), r.Oid(3));
            switch (r.GetString(4))
            {
                case "e":
                    members[id] = target.ObjectId;
                    break;
                case "x":
                    extensionDependencies.Add((id, target.ObjectId));
                    break;
                default:
                    folds.TryAdd(id, target);
                    break;
            }
        }, ct).ConfigureAwait(false);

        // Owners and kinds are a handful of values repeated on every row: each is kept once (at 5,000 tables, 80,000
        // copies of "postgres" and one-letter kinds were ~2 MB of the audit's memory).
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        // pg_depend is read first so that each object row becomes its record at once (a list of the raw rows first
        // was ~8 MB of large arrays at 5,000 tables).
        var inventoryObjects = await session.QueryAsync(
            ObjectsSql(session.ServerVersion),
            r =>
            {
                var id = new CatalogId(r.Oid(0), r.Oid(1));
                var kind = Shared(shared, r.GetString(8));

                // A trigger clone whose state differs from its parent's keeps no fold, whatever pg_depend says.
                var fold = r.Oid(9) != 0 ? new CatalogId(r.Oid(9), r.Oid(10))
                    : id.ClassId == CatalogId.PgTrigger && kind.Length > 0 && HasParentTrigger(id, folds) ? (CatalogId?)null
                    : folds.TryGetValue(id, out var f) ? f : null;
                return new InventoryObject(
                    id, r.Oid(2), r.Str(3) is { } owner ? Shared(shared, owner) : null, r.Oid(4),
                    r.Oid(5) == 0 ? null : new CatalogId(r.Oid(5), r.Oid(6)), r.GetString(7), kind, fold);
            },
            ct).ConfigureAwait(false);

        var schemas = new Dictionary<uint, string>();
        await session.QueryAsync("SELECT oid, nspname FROM pg_catalog.pg_namespace", r => schemas[r.Oid(0)] = r.GetString(1), ct).ConfigureAwait(false);

        return new CatalogInventory
        {
            Objects = inventoryObjects,
            Schemas = schemas,
            ExtensionMembers = members,
            ExtensionDependencies = extensionDependencies,
            ExtensionConfig = await ReadExtensionConfigAsync(session, ct).ConfigureAwait(false),
            Comments = await session.QueryAsync(
                """
                SELECT classoid, objoid, objsubid FROM pg_catalog.pg_description
                WHERE (objoid >= 16384
                       -- A large object's oid is the user's choice (lo_create(2121)): it may sit below the first user oid.
                       OR classoid = 'pg_catalog.pg_largeobject'::pg_catalog.regclass
                       OR (classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND objoid = 2200 AND description <> 'standard public schema'))
                  -- DROP SUBSCRIPTION leaves the subscription's comment behind (the server drops it nowhere): a comment
                  -- on nothing, which no dump can restore.
                  AND (classoid <> 'pg_catalog.pg_subscription'::pg_catalog.regclass
                       OR EXISTS (SELECT 1 FROM pg_catalog.pg_subscription s WHERE s.oid = objoid))
                """,
                r => new CatalogKey(r.Oid(0), r.Oid(1), r.GetInt32(2)), ct).ConfigureAwait(false),
            SecurityLabels = await session.QueryAsync(
                "SELECT DISTINCT classoid, objoid, objsubid FROM pg_catalog.pg_seclabel",
                r => new CatalogKey(r.Oid(0), r.Oid(1), r.GetInt32(2)), ct).ConfigureAwait(false),
            Acls = await session.QueryAsync(AclSql, r => new CatalogKey(r.Oid(0), r.Oid(1), r.GetInt32(2)), ct).ConfigureAwait(false),
            LargeObjects = await session.QueryAsync("SELECT oid FROM pg_catalog.pg_largeobject_metadata", r => r.Oid(0), ct).ConfigureAwait(false),
        };
    }

    private static string Shared(Dictionary<string, string> pool, string value)
    {
        if (pool.TryGetValue(value, out var kept))
        {
            return kept;
        }

        pool[value] = value;
        return value;
    }

    /// <summary>A trigger whose only fold candidate is a 'P' dependency on another trigger, i.e. a partition's clone.</summary>
    private static bool HasParentTrigger(CatalogId trigger, Dictionary<CatalogId, CatalogId> folds) =>
        folds.TryGetValue(trigger, out var target) && target.ClassId == CatalogId.PgTrigger;

    /// <summary>
    /// Configuration relations of every extension: sequences always (their value is dumped), tables when a row
    /// passes the extension's filter (the rows a dump must carry).
    /// </summary>
    private static async Task<List<ExtensionConfigRelation>> ReadExtensionConfigAsync(CatalogSession session, CancellationToken ct)
    {
        var config = await session.QueryAsync(
            """
            SELECT x.rel, c.relkind::text, x.ext, c.relnamespace,
                   pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), COALESCE(x.cond, '')
            FROM (SELECT e.oid AS ext, u.rel, u.cond
                  FROM pg_catalog.pg_extension e, ROWS FROM (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition)) AS u(rel, cond)) x
            JOIN pg_catalog.pg_class c ON c.oid = x.rel JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            """,
            r => (Rel: new ExtensionConfigRelation(r.Oid(0), r.GetString(1)[0], r.Oid(2), r.Oid(3)), Name: r.GetString(4), Condition: r.GetString(5)),
            ct).ConfigureAwait(false);
        var result = new List<ExtensionConfigRelation>();
        foreach (var (rel, name, condition) in config)
        {
            if (rel.Kind == 'S')
            {
                result.Add(rel);
                continue;
            }

            // The condition is the extension's own WHERE clause (pg_extension_config_dump's second argument).
            var rows = await session.QueryAsync($"SELECT EXISTS (SELECT 1 FROM ONLY {name} {condition})", r => r.GetBoolean(0), ct).ConfigureAwait(false);
            if (rows[0])
            {
                result.Add(rel);
            }
        }

        return result;
    }
}
