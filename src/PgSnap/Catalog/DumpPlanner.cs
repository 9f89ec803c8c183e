using Npgsql;
using PgSnap.Catalog.Coverage;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Emit;
using PgSnap.Model;
using PgSnap.Model.Objects;
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

        // On a fresh stack: the one that finished the read stage still holds every record read and the audit's
        // inventory in its frames.
        var read = await ReadAndAuditAsync(session, options, siblings, ct).ContinueOnFreshStackAsync().ConfigureAwait(false);
        var plan = read.Plan;
        var edges = await DependencyReader.ReadAsync(session, plan.Objects, ct).ConfigureAwait(false);
        PullConstraintsIntoPreData(plan.Objects, edges);
        ViewCycleBreaker.Break(plan.Objects, edges);
        var pre = DependencySorter.Sort([.. plan.Objects.Where(o => o.Section == DumpSection.PreData)], edges);
        var post = DependencySorter.Sort([.. plan.Objects.Where(o => o.Section == DumpSection.PostData)], edges);
        PhaseClock.Mark("dependencies and sort");
        return Assemble(options, plan, pre, post, read.Create, read.LargeObjects, read.Coverage);
    }

    /// <summary>
    /// Selects, locks, reads the catalog on the pool and emits every object, then audits the plan's coverage; returns
    /// only what the sort and the archive need, so the records read and the inventory can be collected.
    /// </summary>
    private static async Task<AuditedPlan> ReadAndAuditAsync(CatalogSession session, DumpOptions options, SnapshotSessionOpener? siblings, CancellationToken ct)
    {
        await using var pool = CatalogReadPool.Open(session, siblings, ct);

        // Comments and security labels need nothing else: the first sibling reads them while the leader selects.
        var descriptions = pool.Read(async (s, c) =>
        {
            await s.LoadDescriptionsAsync(c).ConfigureAwait(false);
            return true;
        });

        // A -t pattern without a schema matches what the connection's own search path makes visible, as in pg_dump:
        // the selection reads visibility with the connection's default path (the database's, the role's or the
        // connection options'), which the dump's session settings (DumpSessionSettings) emptied.
        var selection = await ObjectSelection.SelectAsync(session, ct).ConfigureAwait(false);

        // The audit's plan-free reads need only the selection: a sibling starts them while the leader locks.
        var dumpedSchemas = session.DumpedSchemas.Keys.ToHashSet();
        var coverageReads = pool.Read((s, c) => CoverageAudit.ReadWithoutPlanAsync(s, dumpedSchemas, selection, c));
        await LockTablesAsync(session, selection, ct).ConfigureAwait(false);
        PhaseClock.Mark("select and lock");

        // From here on the server's deparsers qualify every name, as in pg_dump's sessions.
        await session.QualifyNamesAsync(ct).ConfigureAwait(false);
        pool.AdmitLeader();

        // The readers look up comments and labels as they map their rows.
        await descriptions.ConfigureAwait(false);
        PhaseClock.Mark("descriptions");
        var plan = new PlanBuilder();
        var relations = RelationReads.Start(pool, selection, !options.NoPolicies);
        var early = StartTypesAndRoutines(pool, session.Emit);
        var late = StartDatabaseWideObjects(pool, options, session.Emit);
        await EmitInOrderAsync(early, plan).ConfigureAwait(false);
        PhaseClock.Mark("readers before relations");
        var publications = await (await relations.ConfigureAwait(false)).EmitAsync(plan, session.Emit).ConfigureAwait(false);
        PhaseClock.Mark("relations");
        var database = await AddDatabaseWideObjectsAsync(publications, late, plan, session.Emit).ConfigureAwait(false);
        await pool.CloseAsync().ConfigureAwait(false);
        PhaseClock.Mark("readers after relations");

        // Before any row is read: refuse a dump that would lose something no option explains.
        var coverage = await CoverageAudit.RunAsync(session, plan, await coverageReads.ConfigureAwait(false), ct).ConfigureAwait(false);
        if (coverage.Uncovered.Count > 0 && !options.AllowUncovered)
        {
            throw CoverageAudit.Refusal(coverage.Uncovered);
        }

        PhaseClock.Mark("coverage audit");
        return new AuditedPlan(plan, database.Create, database.LargeObjects, coverage);
    }

    /// <summary>A catalog session on the connection: server version, reserved keywords for quoting, extension members.</summary>
    private static async Task<CatalogSession> OpenSessionAsync(NpgsqlConnection connection, DumpOptions options, CancellationToken ct)
    {
        var version = 0;
        var keywords = new List<string>();
        var members = new List<(CatalogId, uint)>();
        await CatalogBatch.QueryAsync(
            connection,
            ct,
            new CatalogQuery("SELECT pg_catalog.current_setting('server_version_num')::int4", r => version = r.GetInt32(0)),
            new CatalogQuery("SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode <> 'U'", r => keywords.Add(r.GetString(0))),
            new CatalogQuery(CatalogSession.ExtensionMembersSql, r => members.Add(CatalogSession.ExtensionMember(r)))).ConfigureAwait(false);
        var session = new CatalogSession(connection, options, version, new Quoting(keywords, options.QuoteAllIdentifiers));
        session.AddExtensionMembers(members);
        return session;
    }

    /// <summary>
    /// What relations may use, in the order pg_dump reads it: schemas, extensions, languages, access methods,
    /// collations, types, functions, casts, transforms, operators, conversions, text search, foreign data. Each read
    /// starts now on the pool; its records are emitted later, in this order (<see cref="EmitInOrderAsync"/>).
    /// </summary>
    private static List<Task<Action<PlanBuilder>>> StartTypesAndRoutines(CatalogReadPool pool, EmitContext context) =>
    [
        Step(pool, SchemaReader.ReadAsync, SchemaEmitter.Emit, context),
        Step(pool, ExtensionReader.ReadAsync, ExtensionEmitter.Emit, context),
        Step(pool, LanguageReader.ReadAsync, LanguageEmitter.Emit, context),
        Step(pool, AccessMethodReader.ReadAsync, AccessMethodEmitter.Emit, context),
        Step(pool, CollationReader.ReadAsync, CollationEmitter.Emit, context),
        Step(pool, TypeReader.ReadAsync, types => plan => plan.Objects.AddRange(types.SelectMany(t => TypeEmitter.Emit(t, context)))),
        Step(pool, BaseTypeReader.ReadAsync, types => plan => plan.Objects.AddRange(types.SelectMany(t => BaseTypeEmitter.Emit(t, context)))),
        Step(pool, FunctionReader.ReadAsync, FunctionEmitter.Emit, context),
        Step(pool, CastReader.ReadAsync, casts => plan => plan.Objects.AddRange(casts.Select(c => CastEmitter.Emit(c, context)))),
        Step(pool, TransformReader.ReadAsync, TransformEmitter.Emit, context),
        Step(pool, OperatorReader.ReadAsync, OperatorEmitter.Emit, context),
        Step(pool, OperatorClassReader.ReadAsync, read => plan =>
        {
            plan.AddAll(read.Families, OperatorClassEmitter.EmitFamily, context);
            plan.AddAll(read.Classes, OperatorClassEmitter.EmitClass, context);
        }),
        Step(pool, ConversionReader.ReadAsync, ConversionEmitter.Emit, context),
        Step(pool, TextSearchReader.ReadAsync, textSearch => plan =>
        {
            plan.AddAll(textSearch.Parsers, TextSearchEmitter.EmitParser, context);
            plan.AddAll(textSearch.Templates, TextSearchEmitter.EmitTemplate, context);
            plan.AddAll(textSearch.Dictionaries, TextSearchEmitter.EmitDictionary, context);
            plan.AddAll(textSearch.Configurations, TextSearchEmitter.EmitConfiguration, context);
        }),
        Step(pool, ForeignDataReader.ReadAsync, foreignData => plan =>
        {
            plan.AddAll(foreignData.Wrappers, ForeignDataEmitter.EmitWrapper, context);
            plan.Objects.AddRange(foreignData.Servers.SelectMany(s => ForeignDataEmitter.EmitServer(s, context)));
        }),
    ];

    /// <summary>
    /// The database-wide reads that need no plan (subscriptions, event triggers, default privileges, extension
    /// dependencies, -C's database, large objects), started now and emitted by <see cref="AddDatabaseWideObjectsAsync"/>.
    /// </summary>
    private static LateReads StartDatabaseWideObjects(CatalogReadPool pool, DumpOptions options, EmitContext context) => new(
        [
            Step(pool, SubscriptionReader.ReadAsync, SubscriptionEmitter.Emit, context),
            Step(pool, EventTriggerReader.ReadAsync, EventTriggerEmitter.Emit, context),
            Step(pool, DefaultAclReader.ReadAsync, DefaultAclEmitter.Emit, context),
            Step(pool, ExtensionDependencyReader.ReadAsync, dependencies => plan => ExtensionDependencyEmitter.Attach(dependencies, plan.Objects, context)),
        ],
        // The changed privileges of the dumped extensions' members: ExtensionReader reads exactly these extensions.
        pool.Read((s, c) => InitialPrivilegeReader.ReadAsync(s, [.. s.DumpedExtensions], c)),
        options.Create ? pool.Read(DatabaseReader.ReadAsync) : null,
        pool.Read(LargeObjectReader.ReadAsync));

    /// <summary>
    /// What comes after the relations: publications, subscriptions, event triggers, default privileges, extension
    /// dependencies, and the changed privileges of extension members; then -C's database and the large objects.
    /// </summary>
    private static async Task<(IReadOnlyList<DdlEntry> Create, List<DdlEntry> LargeObjects)> AddDatabaseWideObjectsAsync(
        PublicationSet publications, LateReads late, PlanBuilder plan, EmitContext context)
    {
        plan.Objects.AddRange(PublicationEmitter.Emit(publications, plan.Relations, context));
        await EmitInOrderAsync(late.Steps, plan).ConfigureAwait(false);
        plan.AddAll(await late.InitialPrivileges.ConfigureAwait(false), AclOnlyEmitter.Emit, context);
        var database = late.Database is null ? [] : DatabaseEmitter.Emit(await late.Database.ConfigureAwait(false), context);
        var options = context.Options;
        var largeObjects = LargeObjectEmitter.Emit(
            await late.LargeObjects.ConfigureAwait(false), options.DataOnly || !options.Writes(DumpSection.PreData) ? DumpSection.Data : DumpSection.PreData, context);
        return (database, largeObjects);
    }

    /// <summary>Starts a read on the pool; its result is the emission to apply, in the planner's order.</summary>
    private static Task<Action<PlanBuilder>> Step<TRead>(
        CatalogReadPool pool, Func<CatalogSession, CancellationToken, Task<TRead>> read, Func<TRead, Action<PlanBuilder>> emit) =>
        pool.Read(async (s, c) => emit(await read(s, c).ConfigureAwait(false)));

    private static Task<Action<PlanBuilder>> Step<TRecord>(
        CatalogReadPool pool, Func<CatalogSession, CancellationToken, Task<IReadOnlyList<TRecord>>> read, Func<TRecord, EmitContext, DumpObject?> emit, EmitContext context) =>
        Step(pool, read, records => plan => plan.AddAll(records, emit, context));

    /// <summary>Applies each step's emission in order, then forgets the steps (their results hold the records read).</summary>
    private static async Task EmitInOrderAsync(List<Task<Action<PlanBuilder>>> steps, PlanBuilder plan)
    {
        foreach (var step in steps)
        {
            (await step.ConfigureAwait(false))(plan);
        }

        steps.Clear();
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

    /// <summary>The emitted plan with -C's database, the large objects and the audit's result: what the sort and the archive need.</summary>
    private sealed record AuditedPlan(PlanBuilder Plan, IReadOnlyList<DdlEntry> Create, List<DdlEntry> LargeObjects, CoverageResult Coverage);

    /// <summary>The database-wide reads started before the relations are emitted.</summary>
    private sealed record LateReads(
        List<Task<Action<PlanBuilder>>> Steps, Task<IReadOnlyList<AclOnlyObject>> InitialPrivileges, Task<DatabaseRecord>? Database, Task<IReadOnlyList<LargeObjectRecord>> LargeObjects);

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
}
