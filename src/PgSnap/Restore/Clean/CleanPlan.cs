using System.Globalization;
using Npgsql;
using PgSnap.Restore.Input;

namespace PgSnap.Restore.Clean;

/// <summary>
/// --clean for an archive made without it (a PgSnap archive or a pg_dump plain file): the archive's table of
/// contents, resolved against the target's catalog, gives DROP … IF EXISTS … CASCADE for every top-level object the
/// archive creates that the target holds, in reverse archive order (the archive is in dependency order). What goes
/// with its owner is not dropped on its own: identity and serial sequences, indexes, constraints, defaults,
/// triggers, rules, policies, comments, privileges, data. Matching is done in the target's catalog, so a name is
/// compared as the server spells it (pg_dump's comments turn a newline in a name into a space; so does the match),
/// and each DROP names the object exactly as the server identifies it. Objects the archive does not hold are left
/// in place; <see cref="CleanGuard"/> checks that no CASCADE removed any of them.
/// </summary>
public sealed class CleanPlan
{
    /// <summary>The table-of-contents kinds --clean drops (each with everything that belongs to it).</summary>
    public static readonly IReadOnlySet<string> DroppedKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "FOREIGN TABLE", "TYPE", "DOMAIN", "SHELL TYPE", "FUNCTION",
        "PROCEDURE", "AGGREGATE", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "COLLATION", "CONVERSION",
        "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY", "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE", "CAST",
        "TRANSFORM", "SCHEMA", "EXTENSION", "PROCEDURAL LANGUAGE", "ACCESS METHOD", "EVENT TRIGGER",
        "FOREIGN DATA WRAPPER", "SERVER", "PUBLICATION", "SUBSCRIPTION",
    };

    private const string ResolveSql =
        """
        WITH e AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS e(ord, kind, nsp, name)),
        n AS (SELECT oid, nspname, translate(nspname, E'\n\r', '  ') AS tname FROM pg_catalog.pg_namespace),
        m AS (
            SELECT e.ord, 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, c.oid AS objid,
                   CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END
                   || ' IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS target,
                   c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                       AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')) AS member
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND translate(c.relname, E'\n\r', '  ') = translate(e.name, E'\n\r', '  ')
            WHERE e.kind IN ('TABLE', 'VIEW', 'MATERIALIZED VIEW', 'SEQUENCE', 'FOREIGN TABLE') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,
                   CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END || ' IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname), false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND translate(t.typname, E'\n\r', '  ') = translate(e.name, E'\n\r', '  ')
            WHERE e.kind IN ('TYPE', 'DOMAIN', 'SHELL TYPE')
              AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid,
                   CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END || ' IF EXISTS '
                   || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '('
                   || CASE WHEN p.prokind = 'a' AND p.pronargs = 0 THEN '*' ELSE pg_catalog.pg_get_function_identity_arguments(p.oid) END || ')', false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid AND translate(p.proname, E'\n\r', '  ') = translate(split_part(e.name, '(', 1), E'\n\r', '  ')
            WHERE e.kind IN ('FUNCTION', 'PROCEDURE', 'AGGREGATE')
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_operator'::pg_catalog.regclass, o.oid,
                   'OPERATOR IF EXISTS ' || quote_ident(n.nspname) || '.' || o.oprname || ' ('
                   || coalesce(pg_catalog.format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ', '
                   || coalesce(pg_catalog.format_type(nullif(o.oprright, 0), NULL), 'NONE') || ')', false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_operator o ON o.oprnamespace = n.oid AND o.oprname = split_part(e.name, '(', 1)
            WHERE e.kind = 'OPERATOR'
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_opclass'::pg_catalog.regclass, o.oid,
                   'OPERATOR CLASS IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(o.opcname) || ' USING ' || quote_ident(a.amname), false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_opclass o ON o.opcnamespace = n.oid JOIN pg_catalog.pg_am a ON a.oid = o.opcmethod
            WHERE e.kind = 'OPERATOR CLASS' AND o.opcname IN (e.name, regexp_replace(e.name, ' USING [^ ]+$', ''))
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_opfamily'::pg_catalog.regclass, o.oid,
                   'OPERATOR FAMILY IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(o.opfname) || ' USING ' || quote_ident(a.amname), false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN pg_catalog.pg_opfamily o ON o.opfnamespace = n.oid JOIN pg_catalog.pg_am a ON a.oid = o.opfmethod
            WHERE e.kind = 'OPERATOR FAMILY' AND o.opfname IN (e.name, regexp_replace(e.name, ' USING [^ ]+$', ''))
            UNION ALL
            SELECT e.ord, x.classid, x.objid, x.kw || ' IF EXISTS ' || quote_ident(n.nspname) || '.' || quote_ident(x.name), false
            FROM e JOIN n ON n.tname = translate(e.nsp, E'\n\r', '  ')
            JOIN (SELECT 'COLLATION' AS kw, 'pg_catalog.pg_collation'::pg_catalog.regclass AS classid, oid AS objid, collnamespace AS nsp, collname AS name FROM pg_catalog.pg_collation
                  UNION ALL SELECT 'CONVERSION', 'pg_catalog.pg_conversion'::pg_catalog.regclass, oid, connamespace, conname FROM pg_catalog.pg_conversion
                  UNION ALL SELECT 'TEXT SEARCH CONFIGURATION', 'pg_catalog.pg_ts_config'::pg_catalog.regclass, oid, cfgnamespace, cfgname FROM pg_catalog.pg_ts_config
                  UNION ALL SELECT 'TEXT SEARCH DICTIONARY', 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, oid, dictnamespace, dictname FROM pg_catalog.pg_ts_dict
                  UNION ALL SELECT 'TEXT SEARCH PARSER', 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, oid, prsnamespace, prsname FROM pg_catalog.pg_ts_parser
                  UNION ALL SELECT 'TEXT SEARCH TEMPLATE', 'pg_catalog.pg_ts_template'::pg_catalog.regclass, oid, tmplnamespace, tmplname FROM pg_catalog.pg_ts_template) x
              ON x.nsp = n.oid AND x.kw = e.kind AND translate(x.name, E'\n\r', '  ') = translate(e.name, E'\n\r', '  ')
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_cast'::pg_catalog.regclass, c.oid,
                   'CAST IF EXISTS (' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ')', false
            FROM e JOIN pg_catalog.pg_cast c
              ON e.name = 'CAST (' || pg_catalog.format_type(c.castsource, NULL) || ' AS ' || pg_catalog.format_type(c.casttarget, NULL) || ')'
            WHERE e.kind = 'CAST'
            UNION ALL
            SELECT e.ord, 'pg_catalog.pg_transform'::pg_catalog.regclass, t.oid,
                   'TRANSFORM IF EXISTS FOR ' || pg_catalog.format_type(t.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname), false
            FROM e JOIN pg_catalog.pg_transform t ON true JOIN pg_catalog.pg_language l ON l.oid = t.trflang
            WHERE e.kind = 'TRANSFORM' AND e.name IN (pg_catalog.format_type(t.trftype, NULL) || ' ' || l.lanname,
                                                      'FOR ' || pg_catalog.format_type(t.trftype, NULL) || ' LANGUAGE ' || l.lanname)
            UNION ALL
            SELECT e.ord, x.classid, x.objid, x.kw || ' IF EXISTS ' || quote_ident(x.name), false
            FROM e JOIN (
                  SELECT 'SCHEMA' AS kind, 'SCHEMA' AS kw, 'pg_catalog.pg_namespace'::pg_catalog.regclass AS classid, oid AS objid, nspname AS name FROM pg_catalog.pg_namespace WHERE nspname <> 'public'
                  UNION ALL SELECT 'EXTENSION', 'EXTENSION', 'pg_catalog.pg_extension'::pg_catalog.regclass, oid, extname FROM pg_catalog.pg_extension
                  UNION ALL SELECT 'PROCEDURAL LANGUAGE', 'LANGUAGE', 'pg_catalog.pg_language'::pg_catalog.regclass, oid, lanname FROM pg_catalog.pg_language
                  UNION ALL SELECT 'ACCESS METHOD', 'ACCESS METHOD', 'pg_catalog.pg_am'::pg_catalog.regclass, oid, amname FROM pg_catalog.pg_am
                  UNION ALL SELECT 'EVENT TRIGGER', 'EVENT TRIGGER', 'pg_catalog.pg_event_trigger'::pg_catalog.regclass, oid, evtname FROM pg_catalog.pg_event_trigger
                  UNION ALL SELECT 'FOREIGN DATA WRAPPER', 'FOREIGN DATA WRAPPER', 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, oid, fdwname FROM pg_catalog.pg_foreign_data_wrapper
                  UNION ALL SELECT 'SERVER', 'SERVER', 'pg_catalog.pg_foreign_server'::pg_catalog.regclass, oid, srvname FROM pg_catalog.pg_foreign_server
                  UNION ALL SELECT 'PUBLICATION', 'PUBLICATION', 'pg_catalog.pg_publication'::pg_catalog.regclass, oid, pubname FROM pg_catalog.pg_publication
                  UNION ALL SELECT 'SUBSCRIPTION', 'SUBSCRIPTION', 'pg_catalog.pg_subscription'::pg_catalog.regclass, oid, subname FROM pg_catalog.pg_subscription
                            WHERE subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())) x
              ON x.kind = e.kind AND translate(x.name, E'\n\r', '  ') = translate(e.name, E'\n\r', '  ')
            UNION ALL
            SELECT 0, 'pg_catalog.pg_largeobject'::pg_catalog.regclass, l.oid, NULL, true
            FROM pg_catalog.pg_largeobject_metadata l WHERE l.oid = ANY ($5::pg_catalog.oid[]))
        SELECT m.classid::pg_catalog.oid, m.objid, CASE WHEN m.member THEN NULL ELSE 'DROP ' || m.target || ' CASCADE;' END
        FROM m
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = m.classid AND d.objid = m.objid AND d.deptype = 'e')
        ORDER BY m.ord DESC, m.objid DESC
        """;

    private readonly HashSet<(uint ClassId, uint ObjId)> _held;

    private CleanPlan(IReadOnlyList<string> drops, HashSet<(uint, uint)> held)
    {
        Drops = drops;
        _held = held;
    }

    /// <summary>The statements to run, in order (large objects first, then objects in reverse archive order).</summary>
    public IReadOnlyList<string> Drops { get; }

    /// <summary>Whether the target's object at (<paramref name="classId"/>, <paramref name="objId"/>) is one the archive creates.</summary>
    public bool Holds(uint classId, uint objId) => _held.Contains((classId, objId));

    /// <summary>Resolves the archive's objects (<paramref name="entries"/>, large objects <paramref name="largeObjects"/>) in the target.</summary>
    public static async Task<CleanPlan> BuildAsync(NpgsqlConnection connection, IReadOnlyList<TocEntry> entries, IReadOnlyCollection<uint> largeObjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(largeObjects);
        var ords = new List<int>();
        var kinds = new List<string>();
        var schemas = new List<string?>();
        var names = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (DroppedKinds.Contains(entries[i].Kind))
            {
                ords.Add(i + 1);
                kinds.Add(entries[i].Kind);
                schemas.Add(entries[i].Schema);
                names.Add(entries[i].Name);
            }
        }

        var drops = new List<string>();
        var held = new HashSet<(uint, uint)>();
        // format_type must qualify every type as the archive's TOC names do (they were written with an empty search_path).
        var searchPath = (string)(await ScalarAsync(connection, "SHOW search_path", cancellationToken).ConfigureAwait(false))!;
        await ScalarAsync(connection, "SELECT pg_catalog.set_config('search_path', '', false)", cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(ResolveSql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = ords.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = kinds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = schemas.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = names.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = largeObjects.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                held.Add((reader.GetFieldValue<uint>(0), reader.GetFieldValue<uint>(1)));
                if (!reader.IsDBNull(2))
                {
                    drops.Add(reader.GetString(2));
                }
            }
        }
        finally
        {
            await using var restore = new NpgsqlCommand("SELECT pg_catalog.set_config('search_path', $1, false)", connection);
            restore.Parameters.Add(new NpgsqlParameter { Value = searchPath });
            await restore.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (largeObjects.Count > 0)
        {
            // The archive's lo_create would fail on an existing large object: unlink those it recreates.
            var list = string.Join(',', largeObjects.Select(static o => o.ToString(CultureInfo.InvariantCulture)));
            drops.Insert(0, $"SELECT pg_catalog.lo_unlink(l.oid) FROM pg_catalog.pg_largeobject_metadata l WHERE l.oid = ANY ('{{{list}}}'::pg_catalog.oid[]);");
        }

        return new CleanPlan(drops, held);
    }

    /// <summary>What --clean --dry-run lists (no connection: each object is dropped only if the target holds it).</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<TocEntry> entries, IReadOnlyCollection<uint> largeObjects)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(largeObjects);
        if (largeObjects.Count > 0)
        {
            yield return $"large objects the archive creates ({largeObjects.Count}), if present";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var e = entries[i];
            if (DroppedKinds.Contains(e.Kind) && !(e.Kind == "SCHEMA" && e.Name == "public"))
            {
                var line = $"{e.Kind.ToLowerInvariant()} {(e.Schema is null ? string.Empty : e.Schema + ".")}{e.Name}, if present, with what belongs to it";
                if (seen.Add(line))
                {
                    yield return line;
                }
            }
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
