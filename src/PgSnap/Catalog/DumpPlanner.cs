using Npgsql;
using PgSnap.Catalog.Coverage;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Ordering;

namespace PgSnap.Catalog;

/// <summary>
/// Builds the schema side of a dump: reads the catalog, applies the filters, locks the selected tables, and
/// returns every object's SQL in a safe order (pg_dump's main() chain: select, lock, read, collect dependencies,
/// sort).
/// </summary>
public static class DumpPlanner
{
    /// <summary>Plans a dump of the connected database.</summary>
    /// <param name="connection">
    /// Open, and inside the caller's <c>BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY</c> transaction. The
    /// planner sets search_path to empty for the rest of that transaction (so the server's pg_get_*def functions
    /// qualify every name) and takes ACCESS SHARE locks on the selected tables.
    /// </param>
    /// <param name="options">What to dump.</param>
    /// <param name="cancellationToken">Cancels the catalog queries.</param>
    public static Task<DumpPlan> PlanAsync(NpgsqlConnection connection, DumpOptions options, CancellationToken cancellationToken) =>
        PlanAsync(connection, options, null, cancellationToken);

    /// <summary>
    /// Plans a dump of the connected database; with <paramref name="siblings"/>, the coverage audit's server reads
    /// (the inventory and every object's digest, the heaviest queries of a schema with thousands of tables) run on a
    /// second session of the same snapshot while the leader reads the catalog.
    /// </summary>
    public static async Task<DumpPlan> PlanAsync(NpgsqlConnection connection, DumpOptions options, SnapshotSessionOpener? siblings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SchemaOnly && options.DataOnly)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "options -s/--schema-only and -a/--data-only cannot be used together");
        }

        try
        {
            return await PlanCoreAsync(connection, options, siblings, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, "reading the catalog failed: " + ex.MessageText, ex) { SqlState = ex.SqlState };
        }
    }

    private static async Task<DumpPlan> PlanCoreAsync(NpgsqlConnection connection, DumpOptions options, SnapshotSessionOpener? siblings, CancellationToken ct)
    {
        var session = await OpenSessionAsync(connection, options, ct).ConfigureAwait(false);

        // A -t/-n pattern without a schema matches what the connection's own search path makes visible, as in
        // pg_dump: the dump's session settings (DumpSessionSettings) emptied it, so the selection runs with the
        // connection's default (the database's, the role's or the connection options'), for this step only.
        await session.ExecuteAsync("SET LOCAL search_path TO DEFAULT", ct).ConfigureAwait(false);
        var selection = await ObjectSelection.SelectAsync(session, ct).ConfigureAwait(false);
        await LockTablesAsync(session, selection, ct).ConfigureAwait(false);
        PhaseClock.Mark("select and lock");
        await using var prefetch = siblings is null ? null : CoveragePrefetch.Start(siblings, session, selection, ct);

        // From here on the server's deparsers qualify every name, as in pg_dump's sessions.
        await session.ExecuteAsync("SELECT pg_catalog.set_config('search_path', '', true)", ct).ConfigureAwait(false);
        if (options.QuoteAllIdentifiers)
        {
            await session.ExecuteAsync("SELECT pg_catalog.set_config('quote_all_identifiers', 'on', true)", ct).ConfigureAwait(false);
        }

        await session.LoadDescriptionsAsync(ct).ConfigureAwait(false);
        PhaseClock.Mark("descriptions");
        var plan = new PlanBuilder();
        await AddTypesAndRoutinesAsync(session, plan, ct).ConfigureAwait(false);
        PhaseClock.Mark("readers before relations");
        await AddRelationsAsync(session, selection, plan, ct).ConfigureAwait(false);
        PhaseClock.Mark("relations");
        await AddDatabaseWideObjectsAsync(session, plan, ct).ConfigureAwait(false);
        var database = options.Create ? DatabaseEmitter.Emit(await DatabaseReader.ReadAsync(session, ct).ConfigureAwait(false), session.Emit) : [];
        var largeObjects = LargeObjectEmitter.Emit(await LargeObjectReader.ReadAsync(session, ct).ConfigureAwait(false), options.DataOnly || !options.Writes(DumpSection.PreData) ? DumpSection.Data : DumpSection.PreData, session.Emit);
        PhaseClock.Mark("readers after relations");

        // Before any row is read: refuse a dump that would lose something no option explains.
        var coverage = await CoverageAudit.RunAsync(session, selection, plan, prefetch, ct).ConfigureAwait(false);
        if (coverage.Uncovered.Count > 0 && !options.AllowUncovered)
        {
            throw CoverageAudit.Refusal(coverage.Uncovered);
        }

        PhaseClock.Mark("coverage audit");
        var edges = await DependencyReader.ReadAsync(session, plan.Objects, ct).ConfigureAwait(false);
        PullConstraintsIntoPreData(plan.Objects, edges);
        ViewCycleBreaker.Break(plan.Objects, edges);
        var pre = DependencySorter.Sort([.. plan.Objects.Where(o => o.Section == DumpSection.PreData)], edges);
        var post = DependencySorter.Sort([.. plan.Objects.Where(o => o.Section == DumpSection.PostData)], edges);
        PhaseClock.Mark("dependencies and sort");
        return Assemble(options, plan, pre, post, database, largeObjects, coverage);
    }

    /// <summary>A catalog session on the connection: server version, reserved keywords for quoting, extension members.</summary>
    private static async Task<CatalogSession> OpenSessionAsync(NpgsqlConnection connection, DumpOptions options, CancellationToken ct)
    {
        var version = await ScalarAsync(connection, "SELECT pg_catalog.current_setting('server_version_num')::int4", ct).ConfigureAwait(false);
        var keywords = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode <> 'U'", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                keywords.Add(reader.GetString(0));
            }
        }

        var session = new CatalogSession(connection, options, version, new Quoting(keywords, options.QuoteAllIdentifiers));
        await session.LoadExtensionMembersAsync(ct).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// What relations may use, in the order pg_dump reads it: schemas, extensions, languages, access methods,
    /// collations, types, functions, casts, transforms, operators, conversions, text search, foreign data.
    /// </summary>
    private static async Task AddTypesAndRoutinesAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        plan.AddAll(await SchemaReader.ReadAsync(session, ct).ConfigureAwait(false), SchemaEmitter.Emit, session.Emit);
        plan.AddAll(await ExtensionReader.ReadAsync(session, ct).ConfigureAwait(false), ExtensionEmitter.Emit, session.Emit);
        plan.AddAll(await LanguageReader.ReadAsync(session, ct).ConfigureAwait(false), LanguageEmitter.Emit, session.Emit);
        plan.AddAll(await AccessMethodReader.ReadAsync(session, ct).ConfigureAwait(false), AccessMethodEmitter.Emit, session.Emit);
        plan.AddAll(await CollationReader.ReadAsync(session, ct).ConfigureAwait(false), CollationEmitter.Emit, session.Emit);
        plan.Objects.AddRange((await TypeReader.ReadAsync(session, ct).ConfigureAwait(false)).SelectMany(t => TypeEmitter.Emit(t, session.Emit)));
        plan.Objects.AddRange((await BaseTypeReader.ReadAsync(session, ct).ConfigureAwait(false)).SelectMany(t => BaseTypeEmitter.Emit(t, session.Emit)));
        plan.AddAll(await FunctionReader.ReadAsync(session, ct).ConfigureAwait(false), FunctionEmitter.Emit, session.Emit);
        foreach (var cast in await CastReader.ReadAsync(session, ct).ConfigureAwait(false))
        {
            plan.Add(CastEmitter.Emit(cast, session.Emit));
        }

        plan.AddAll(await TransformReader.ReadAsync(session, ct).ConfigureAwait(false), TransformEmitter.Emit, session.Emit);
        plan.AddAll(await OperatorReader.ReadAsync(session, ct).ConfigureAwait(false), OperatorEmitter.Emit, session.Emit);
        var (families, classes) = await OperatorClassReader.ReadAsync(session, ct).ConfigureAwait(false);
        plan.AddAll(families, OperatorClassEmitter.EmitFamily, session.Emit);
        plan.AddAll(classes, OperatorClassEmitter.EmitClass, session.Emit);
        plan.AddAll(await ConversionReader.ReadAsync(session, ct).ConfigureAwait(false), ConversionEmitter.Emit, session.Emit);
        var textSearch = await TextSearchReader.ReadAsync(session, ct).ConfigureAwait(false);
        plan.AddAll(textSearch.Parsers, TextSearchEmitter.EmitParser, session.Emit);
        plan.AddAll(textSearch.Templates, TextSearchEmitter.EmitTemplate, session.Emit);
        plan.AddAll(textSearch.Dictionaries, TextSearchEmitter.EmitDictionary, session.Emit);
        plan.AddAll(textSearch.Configurations, TextSearchEmitter.EmitConfiguration, session.Emit);
        var foreignData = await ForeignDataReader.ReadAsync(session, ct).ConfigureAwait(false);
        plan.AddAll(foreignData.Wrappers, ForeignDataEmitter.EmitWrapper, session.Emit);
        plan.Objects.AddRange(foreignData.Servers.SelectMany(s => ForeignDataEmitter.EmitServer(s, session.Emit)));
    }

    /// <summary>
    /// What comes after the relations: publications, subscriptions, event triggers, default privileges, extension
    /// dependencies, and the changed privileges of extension members.
    /// </summary>
    private static async Task AddDatabaseWideObjectsAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var publications = await PublicationReader.ReadAsync(session, plan.Relations.Keys, ct).ConfigureAwait(false);
        plan.Objects.AddRange(PublicationEmitter.Emit(publications, plan.Relations, session.Emit));
        plan.AddAll(await SubscriptionReader.ReadAsync(session, ct).ConfigureAwait(false), SubscriptionEmitter.Emit, session.Emit);
        plan.AddAll(await EventTriggerReader.ReadAsync(session, ct).ConfigureAwait(false), EventTriggerEmitter.Emit, session.Emit);
        plan.AddAll(await DefaultAclReader.ReadAsync(session, ct).ConfigureAwait(false), DefaultAclEmitter.Emit, session.Emit);
        ExtensionDependencyEmitter.Attach(await ExtensionDependencyReader.ReadAsync(session, ct).ConfigureAwait(false), plan.Objects, session.Emit);
        var dumpedExtensions = plan.Objects.Where(o => o.Id.ClassId == CatalogId.PgExtension).Select(o => o.Id.ObjectId).ToList();
        plan.AddAll(await InitialPrivilegeReader.ReadAsync(session, dumpedExtensions, ct).ConfigureAwait(false), AclOnlyEmitter.Emit, session.Emit);
    }

    /// <summary>The sorted objects as the archive's sections: --clean's DROPs (post-data first, in reverse) lead the pre-data.</summary>
    /// <param name="database">-C's CREATE DATABASE and \connect, first of all (a -C dump of data only has them too, as pg_dump's).</param>
    private static DumpPlan Assemble(
        DumpOptions options, PlanBuilder plan, List<DumpObject> pre, List<DumpObject> post, IReadOnlyList<DdlEntry> database, List<DdlEntry> largeObjects, CoverageResult coverage)
    {
        if (options.DataOnly)
        {
            return new DumpPlan([.. database], plan.TableData, [.. largeObjects, .. plan.SequenceValues], []) { Uncovered = coverage.Uncovered, Objects = coverage.Objects, CoverageElapsed = coverage.Elapsed };
        }

        // --section pre-data or post-data alone (with or without data): the other half is left out, drops included.
        pre = options.Writes(DumpSection.PreData) ? pre : [];
        post = options.Writes(DumpSection.PostData) ? post : [];
        var preEntries = new List<DdlEntry>(database);

        // With -C the objects are created in a new database: only the database is dropped (DatabaseEmitter).
        if (options.Clean && !options.Create)
        {
            foreach (var o in Enumerable.Reverse(post).Concat(Enumerable.Reverse(pre)))
            {
                if (o.DropSql is not null)
                {
                    preEntries.Add(new DdlEntry(DumpSection.PreData, "DROP " + o.Kind, o.Schema, o.Name, o.Owner, o.DropSql));
                }
            }
        }

        preEntries.AddRange(pre.Select(ToEntry));
        var largeObjectsInData = largeObjects.Count > 0 && largeObjects[0].Section == DumpSection.Data;
        preEntries.AddRange(largeObjectsInData ? [] : largeObjects);
        List<DdlEntry> dataDdl = options.SchemaOnly ? (options.SequenceData ? plan.SequenceValues : []) : [.. largeObjectsInData ? largeObjects : [], .. plan.SequenceValues];
        return new DumpPlan(preEntries, plan.TableData, dataDdl, [.. post.Select(ToEntry)]) { Uncovered = coverage.Uncovered, Objects = coverage.Objects, CoverageElapsed = coverage.Elapsed };
    }

    /// <summary>
    /// Relations, then what hangs off them (constraints, indexes, triggers, rules, policies): each reader's records go
    /// through their emitters, and the later steps look the relations up in <see cref="PlanBuilder.Relations"/>.
    /// </summary>
    private static async Task AddRelationsAsync(CatalogSession session, ObjectSelection selection, PlanBuilder plan, CancellationToken ct)
    {
        var context = session.Emit;
        RelationEmitter.AddTo(plan, await RelationReader.ReadAsync(session, selection, ct).ConfigureAwait(false), context);
        var relations = plan.Relations;
        plan.Objects.AddRange(IndexEmitter.Emit(await IndexReader.ReadAsync(session, relations.Keys, ct).ConfigureAwait(false), relations, context));
        foreach (var trigger in await TriggerReader.ReadAsync(session, relations.Keys, ct).ConfigureAwait(false))
        {
            plan.Add(TriggerEmitter.Emit(trigger, context));
        }

        foreach (var clone in await PartitionTriggerReader.ReadAsync(session, relations.Keys, ct).ConfigureAwait(false))
        {
            if (TriggerEmitter.EmitClone(clone, relations[clone.RelOid], context) is { } block)
            {
                plan.Add(block);
            }
        }

        foreach (var rule in await RuleReader.ReadAsync(session, relations.Keys, ct).ConfigureAwait(false))
        {
            plan.Add(RuleEmitter.Emit(rule, relations[rule.RelOid], context));
        }

        // --no-policies leaves out the policies and the enabling of row-level security, as pg_dump does.
        if (session.Options.NoPolicies)
        {
            return;
        }

        var security = await PolicyReader.ReadAsync(session, relations.Keys, ct).ConfigureAwait(false);
        foreach (var oid in security.RowSecurityTables)
        {
            plan.Add(PolicyEmitter.RowSecurity(relations[oid]));
        }

        var platformTables = security.PlatformTables.ToDictionary(
            t => t.Oid,
            t => new RelationInfo(t.Oid, t.Schema, t.Name, t.Kind, t.Owner, context.Quoting.Qualified(t.Schema, t.Name), IsPartition: false, DefinitionDumped: false));
        foreach (var policy in security.Policies)
        {
            plan.Add(PolicyEmitter.Emit(policy, relations.TryGetValue(policy.RelOid, out var rel) ? rel : platformTables[policy.RelOid], context));
        }
    }

    private static DdlEntry ToEntry(DumpObject o) => new(o.Section, o.Kind, o.Schema, o.Name, o.Owner, o.Sql, o.Table);

    /// <summary>
    /// A view that groups by a primary key needs that constraint before it exists (functional dependency), so
    /// such a constraint moves to pre-data, as pg_dump does.
    /// </summary>
    private static void PullConstraintsIntoPreData(List<DumpObject> objects, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        foreach (var (from, deps) in edges)
        {
            if (from.Section != DumpSection.PreData)
            {
                continue;
            }

            foreach (var dep in deps)
            {
                if (dep.Section == DumpSection.PostData && dep.Kind == "CONSTRAINT")
                {
                    dep.Section = DumpSection.PreData;
                }
            }
        }

        MaterializedViewRefreshOrder.Link(objects, edges);
    }

    private static async Task LockTablesAsync(CatalogSession session, ObjectSelection selection, CancellationToken ct)
    {
        var names = selection.Relations.Values.Where(r => r.Kind is 'r' or 'p')
            .Select(r => r.Oid)
            .Concat(selection.DataTables)
            .Concat(selection.ConfigTables.Keys)
            .Distinct()
            .ToArray();
        var all = await session.QueryAsync(
            "SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY(@oids) ORDER BY c.oid",
            r => r.GetString(0),
            ct,
            ("oids", names));
        foreach (var batch in all.Chunk(500))
        {
            await session.ExecuteAsync("LOCK TABLE " + string.Join(", ", batch.Select(n => "ONLY " + n)) + " IN ACCESS SHARE MODE", ct).ConfigureAwait(false);
        }
    }

    private static async Task<int> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (int)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
