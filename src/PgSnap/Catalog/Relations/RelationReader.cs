using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Reads tables, partitioned tables, views, materialized views, foreign tables and sequences with their columns,
/// defaults, check constraints, options, ownership, privileges and comments, the data-section table list and the
/// sequence values, into records (Emit/RelationEmitter.cs writes them).
/// </summary>
internal static class RelationReader
{
    /// <summary>
    /// Reads on the planner's pool: the relations, their columns and their check constraints need only the selection
    /// and are read side by side; the sequences, the data list and the configuration sequences need the relations.
    /// </summary>
    public static async Task<RelationSet> ReadAsync(CatalogReadPool pool, ObjectSelection selection)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(selection);
        var oids = selection.Relations.Keys.ToArray();
        var relations = pool.Read((s, c) => ReadRelationsAsync(s, oids, c), urgent: true);
        var columnsRead = pool.Read((s, c) => ColumnReader.ReadAsync(s, oids, c), urgent: true);
        var checksRead = pool.Read((s, c) => CheckConstraintReader.ReadAsync(s, oids, c), urgent: true);
        var rels = await relations.ConfigureAwait(false);
        var relById = rels.ToDictionary(r => r.Oid);
        var sequences = pool.Read((s, c) => SequenceReader.ReadAsync(s, oids, relById, c), urgent: true);
        var columns = await columnsRead.ConfigureAwait(false);
        var checks = CheckConstraintReader.WithAncestors(await checksRead.ConfigureAwait(false), relById);
        InheritedNotNulls.Mark(columns, relById);
        var sequenceRecords = await sequences.ConfigureAwait(false);
        return await pool.Read(
            async (session, ct) =>
            {
                var described = rels.Select(rel => WithNames(session, rel, relById)).ToList();
                return new RelationSet(
                    described,
                    columns.ToDictionary(e => e.Key, e => (IReadOnlyList<ColumnRecord>)e.Value),
                    checks,
                    sequenceRecords,
                    await ReadTableDataAsync(session, selection, described, relById, columns, ct),
                    await ReadConfigurationSequencesAsync(session, selection, relById, ct));
            },
            urgent: true).ConfigureAwait(false);
    }

    private static Task<List<RelationRecord>> ReadRelationsAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        return session.QueryAsync(
            $"""
            SELECT c.oid, n.nspname, c.relname, c.relkind::text, pg_catalog.pg_get_userbyid(c.relowner),
                   c.relacl::text[], COALESCE(ip.initprivs, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))::text[],
                   c.relpersistence::text, c.reloptions, tc.reloptions, c.relispartition,
                   CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
                   CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
                   c.relreplident::text, c.relrowsecurity, c.relforcerowsecurity, c.reltuples::float8, c.relpages::int8,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END, c.relispopulated,
                   am.amname, c.reltype, (SELECT t.typarray FROM pg_catalog.pg_type t WHERE t.oid = c.reltype),
                   CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_relation_size(c.oid) ELSE 0 END,
                   (SELECT pg_catalog.array_agg(i.inhparent ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid),
                   fs.srvname, ft.ftoptions,
                   (SELECT r.oid FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename = '_RETURN'),
                   CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END,
                   (SELECT sp.spcname FROM pg_catalog.pg_tablespace sp WHERE sp.oid = c.reltablespace)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
            LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
            LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
            LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = c.oid AND ip.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE c.oid = ANY(@oids)
            ORDER BY n.nspname, c.relname
            """,
            r => new RelationRecord(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6),
                r.GetString(7)[0], r.Arr(8), r.Arr(9), r.Flag(10), r.Str(11), r.Str(12), r.GetString(13)[0], r.Flag(14), r.Flag(15),
                r.GetDouble(16), r.GetInt64(17), r.Str(18), r.Flag(19), r.Str(20), r.Oid(21), r.Oid(22), r.GetInt64(23),
                r.IsDBNull(24) ? [] : r.GetFieldValue<uint[]>(24), r.Str(25), r.Arr(26), r.Oid(27), r.Str(28), r.Str(29)),
            ct,
            ("oids", oids));
    }

    /// <summary>The relation with its comment and labels, and the names of its parents (null for one not dumped).</summary>
    private static RelationRecord WithNames(CatalogSession session, RelationRecord rel, Dictionary<uint, RelationRecord> relById) =>
        rel with
        {
            Description = session.DescriptionOf(CatalogId.PgClass, rel.Oid),
            ParentNames = [.. rel.Parents.Select(p => relById.TryGetValue(p, out var parent) ? new QualifiedRelationName(parent.Schema, parent.Name) : null)],
        };

    /// <summary>The tables whose rows are copied: the dumped ones, then those whose definitions stay out, then extension configuration tables.</summary>
    private static async Task<List<TableDataRecord>> ReadTableDataAsync(
        CatalogSession session, ObjectSelection selection, List<RelationRecord> described, Dictionary<uint, RelationRecord> relById, Dictionary<uint, List<ColumnRecord>> columns, CancellationToken ct)
    {
        var tableData = new List<TableDataRecord>();
        foreach (var rel in described.Where(r => r.Kind == 'r' && selection.DataTables.Contains(r.Oid)))
        {
            var cols = columns.GetValueOrDefault(rel.Oid) ?? [];
            tableData.Add(new TableDataRecord(
                rel.Oid, rel.Schema, rel.Name, rel.Owner, [.. cols.Where(c => c.Generated == '\0').Select(c => c.Name)], rel.RelTuples, rel.RelPages, rel.SizeBytes, Created: true));
        }

        // Supabase data dumps (and --exclude-schema tricks) can copy rows of tables whose definitions stay out.
        var missing = selection.DataTables.Where(o => !relById.ContainsKey(o)).ToArray();
        if (missing.Length > 0)
        {
            tableData.AddRange(await TableDataReader.ReadUncreatedAsync(session, missing, _ => null, ct));
        }

        if (selection.ConfigTables.Count > 0)
        {
            tableData.AddRange(await TableDataReader.ReadUncreatedAsync(session, [.. selection.ConfigTables.Keys], oid => selection.ConfigTables[oid], ct));
        }

        return tableData;
    }

    private static async Task<List<SequenceRecord>> ReadConfigurationSequencesAsync(
        CatalogSession session, ObjectSelection selection, Dictionary<uint, RelationRecord> relById, CancellationToken ct) =>
        selection.ConfigSequences.Count == 0
            ? []
            : [.. (await SequenceReader.ReadAsync(session, [.. selection.ConfigSequences], relById, ct)).Values
                .OrderBy(s => s.Schema, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];
}
