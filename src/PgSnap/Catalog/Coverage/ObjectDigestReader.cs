using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using PgSnap.Archive.Manifest;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// Reads, for a list of objects, their identity and the texts that define them, and digests those texts (XXH64):
/// the same in every database that holds the same objects, whatever their oids (names only, never oids). The
/// definition is digested for relations (columns, options, view bodies, index definitions, partitioning),
/// constraints, triggers (with their enabled state), rules, policies, defaults, functions and types; other kinds
/// are compared by identity, owner, privileges and comment.
/// </summary>
internal static class ObjectDigestReader
{
    // The texts digested must stay byte for byte what earlier releases digested (an archive's records are compared
    // with a live database read by this release): a rewrite for speed keeps every output. The CASE guards skip calls
    // whose answer is known to be empty (no partition key unless partitioned, no bound unless a partition, no column
    // privileges on an index), and the collation is a scalar lookup rather than a join the planner sorted for.
    internal const string Sql = """
        SELECT u.c, u.o, i.type || ' ' || i.identity,
          CASE u.c
            WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (
              SELECT c.relkind::text || c.relpersistence::text || COALESCE(pg_catalog.array_to_string(c.reloptions, ','), '')
                || '|' || CASE WHEN c.relkind IN ('v', 'm') THEN COALESCE(pg_catalog.pg_get_viewdef(c.oid), '') ELSE '' END
                || '|' || CASE WHEN c.relkind IN ('i', 'I') THEN COALESCE(pg_catalog.pg_get_indexdef(c.oid), '') ELSE '' END
                || '|' || CASE WHEN c.relkind = 'p' THEN COALESCE(pg_catalog.pg_get_partkeydef(c.oid), '') ELSE '' END
                || '|' || CASE WHEN c.relispartition THEN COALESCE(pg_catalog.pg_get_expr(c.relpartbound, c.oid), '') ELSE '' END
                || '|' || c.relrowsecurity::text || c.relforcerowsecurity::text || c.relreplident::text
                || '|' || COALESCE((SELECT pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                      || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || a.attidentity::text || a.attgenerated::text
                      || COALESCE(' ' || (SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation), ''), ',' ORDER BY a.attnum)
                    FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '')
                || '|' || COALESCE((SELECT pg_catalog.string_agg(p.inhparent::pg_catalog.regclass::text, ',' ORDER BY p.inhseqno)
                    FROM pg_catalog.pg_inherits p WHERE p.inhrelid = c.oid), '')
              FROM pg_catalog.pg_class c WHERE c.oid = u.o)
            WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN pg_catalog.pg_get_constraintdef(u.o)
            WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (
              SELECT pg_catalog.pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text FROM pg_catalog.pg_trigger t WHERE t.oid = u.o)
            WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (
              SELECT pg_catalog.pg_get_ruledef(r.oid) || ' ' || r.ev_enabled::text FROM pg_catalog.pg_rewrite r WHERE r.oid = u.o)
            WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (
              SELECT p.polcmd::text || p.polpermissive::text || '|' || COALESCE(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '')
                || '|' || COALESCE(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
                || '|' || (SELECT pg_catalog.string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END, ',' ORDER BY 1)
                           FROM pg_catalog.unnest(p.polroles) r)
              FROM pg_catalog.pg_policy p WHERE p.oid = u.o)
            WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN (
              SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d WHERE d.oid = u.o)
            WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (
              SELECT COALESCE(pg_catalog.pg_get_function_result(p.oid), '') || '|' || p.prosrc || '|' || COALESCE(p.probin, '')
                || p.prokind::text || p.provolatile::text || p.proisstrict::text || p.prosecdef::text || p.proleakproof::text
                || p.proparallel::text || p.procost::text || p.prorows::text || '|' || COALESCE(pg_catalog.array_to_string(p.proconfig, ','), '')
                || '|' || l.lanname
              FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang WHERE p.oid = u.o)
            WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (
              SELECT t.typtype::text || '|' || CASE WHEN t.typbasetype <> 0 THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) ELSE '' END
                || t.typnotnull::text || '|' || COALESCE(t.typdefault, '')
                || '|' || COALESCE((SELECT pg_catalog.string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '')
              FROM pg_catalog.pg_type t WHERE t.oid = u.o)
            ELSE ''
          END,
          CASE u.c
            WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (
              SELECT COALESCE(pg_catalog.array_to_string(ARRAY(SELECT x::text FROM pg_catalog.unnest(c.relacl) x ORDER BY 1), ','), '')
                || COALESCE('|' || CASE WHEN c.relkind NOT IN ('i', 'I') THEN (SELECT pg_catalog.string_agg(a.attname || '=' || pg_catalog.array_to_string(ARRAY(SELECT x::text FROM pg_catalog.unnest(a.attacl) x ORDER BY 1), ','), ';' ORDER BY a.attname)
                  FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL AND NOT a.attisdropped) END, '')
              FROM pg_catalog.pg_class c WHERE c.oid = u.o)
            WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proacl::text[] FROM pg_catalog.pg_proc p WHERE p.oid = u.o)::text
            WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typacl::text[] FROM pg_catalog.pg_type t WHERE t.oid = u.o)::text
            WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN (SELECT n.nspacl::text[] FROM pg_catalog.pg_namespace n WHERE n.oid = u.o)::text
            WHEN 'pg_catalog.pg_language'::pg_catalog.regclass THEN (SELECT l.lanacl::text[] FROM pg_catalog.pg_language l WHERE l.oid = u.o)::text
            WHEN 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass THEN (SELECT w.fdwacl::text[] FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.oid = u.o)::text
            WHEN 'pg_catalog.pg_foreign_server'::pg_catalog.regclass THEN (SELECT s.srvacl::text[] FROM pg_catalog.pg_foreign_server s WHERE s.oid = u.o)::text
            ELSE NULL
          END,
          (SELECT pg_catalog.string_agg(COALESCE(a.attname::text, '') || ':' || d.description, '|' ORDER BY a.attname NULLS FIRST)
           FROM pg_catalog.pg_description d
           LEFT JOIN pg_catalog.pg_attribute a ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND a.attrelid = d.objoid AND a.attnum = d.objsubid
           WHERE d.classoid = u.c AND d.objoid = u.o)
        FROM ROWS FROM (pg_catalog.unnest(@c), pg_catalog.unnest(@o)) AS u(c, o),
             LATERAL pg_catalog.pg_identify_object(u.c, u.o, 0) i
        """;

    /// <summary>Reads the records of <paramref name="objects"/>, components left out as <paramref name="options"/> say, in identity order.</summary>
    public static async Task<List<ObjectRecord>> ReadAsync(
        CatalogSession session, IReadOnlyList<InventoryObject> objects, DumpOptions options, CancellationToken ct)
    {
        var byId = await ReadByIdAsync(session, objects, options, ct).ConfigureAwait(false);
        return InIdentityOrder(objects, byId);
    }

    /// <summary>The records of <paramref name="objects"/> taken from <paramref name="byId"/>, in identity order.</summary>
    public static List<ObjectRecord> InIdentityOrder(IReadOnlyList<InventoryObject> objects, IReadOnlyDictionary<CatalogId, ObjectRecord> byId)
    {
        var result = new List<ObjectRecord>(objects.Count);
        foreach (var o in objects)
        {
            if (byId.TryGetValue(o.Id, out var record))
            {
                result.Add(record);
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Identity, b.Identity));
        return result;
    }

    /// <summary>Reads the records of <paramref name="objects"/>, keyed by the object they describe.</summary>
    public static async Task<Dictionary<CatalogId, ObjectRecord>> ReadByIdAsync(
        CatalogSession session, IReadOnlyList<InventoryObject> objects, DumpOptions options, CancellationToken ct)
    {
        var owners = objects.ToDictionary(o => o.Id, o => o.Owner);
        var result = new Dictionary<CatalogId, ObjectRecord>(objects.Count);
        if (objects.Count == 0)
        {
            return result;
        }

        await using var command = new Npgsql.NpgsqlCommand(Sql, session.Connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter("c", objects.Select(o => o.Id.ClassId).ToArray()) { DataTypeName = "oid[]" });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("o", objects.Select(o => o.Id.ObjectId).ToArray()) { DataTypeName = "oid[]" });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = new CatalogId(reader.GetFieldValue<uint>(0), reader.GetFieldValue<uint>(1));
            result[id] = new ObjectRecord
            {
                Identity = reader.GetString(2),
                Definition = Digest(reader.IsDBNull(3) ? "" : reader.GetString(3)),
                Owner = options.NoOwner ? null : owners.GetValueOrDefault(id) ?? "",
                Acl = options.NoAcl ? null : reader.IsDBNull(4) ? "" : Digest(reader.GetString(4)),
                Comment = options.NoComments ? null : reader.IsDBNull(5) ? "" : Digest(reader.GetString(5)),
            };
        }

        return result;
    }

    /// <summary>XXH64 of the text's UTF-8 as 16 hex digits; "" for an empty text.</summary>
    public static string Digest(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        // Encoded into a stack or pooled buffer: a new array per text was 60,000 short-lived arrays a 5,000-table dump.
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = most > 1024 ? ArrayPool<byte>.Shared.Rent(most) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[1024];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return XxHash64.HashToUInt64(buffer[..length]).ToString("x16", CultureInfo.InvariantCulture);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
