using System.Diagnostics;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// Runs the coverage audit of one plan inside the dump's snapshot, after the readers and before any row is read:
/// reads the inventory, compares it with what the plan claims, names what is left (pg_describe_object), and refuses
/// the dump unless --allow-uncovered (docs/FORMAT.md, "Coverage").
/// </summary>
internal static class CoverageAudit
{
    /// <summary>At most this many lost items are named in the refusal message (all of them go in the header).</summary>
    public const int MessageLimit = 40;

    public static async Task<CoverageResult> RunAsync(
        CatalogSession session, PlanBuilder plan, PrefetchedCoverage prefetched, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prefetched);
        var clock = Stopwatch.StartNew();
        var inventory = prefetched.Inventory;
        var (objects, aclBlocks, extensionDependencies) = PlanClaims.FromObjects(plan.Objects);
        var claims = new PlanClaims
        {
            Objects = objects,
            AclBlocks = aclBlocks,
            ExtensionDependencies = extensionDependencies,
            Acls = session.Emit.Decorations.EmittedAcls,
            Comments = session.EmittedComments,
            SecurityLabels = session.EmittedLabels,
            TableData = plan.TableData.Select(t => t.Oid).ToHashSet(),
            SequenceValues = plan.SequenceValueOids,
            LargeObjects = session.EmittedLargeObjects,
        };
        var uncovered = CoverageComparer.Compare(inventory, claims, prefetched.Scope, prefetched.SchemaReasons);
        var described = await DescribeAsync(session, uncovered, ct).ConfigureAwait(false);
        var written = CoverageComparer.ExpectedObjects(inventory, prefetched.Scope, prefetched.SchemaReasons, claims);
        var records = ObjectDigestReader.InIdentityOrder(written, prefetched.Records);
        return new CoverageResult([.. described.Select(u => u.Text).Distinct(StringComparer.Ordinal)], records, clock.Elapsed);
    }

    /// <summary>
    /// The audit's reads that need no plan, on <paramref name="session"/> (the leader's, or a sibling session on its
    /// snapshot): the inventory, the scope the options give, and the digest of every object a dump with these
    /// options must write, of which the plan's objects are a subset (<see cref="CoverageComparer.ExpectedObjects"/>).
    /// </summary>
    internal static async Task<PrefetchedCoverage> ReadWithoutPlanAsync(
        CatalogSession session, IReadOnlySet<uint> dumpedSchemas, ObjectSelection selection, CancellationToken ct)
    {
        var inventory = await InventoryReader.ReadAsync(session, ct).ConfigureAwait(false);
        var scope = await ScopeAsync(session, dumpedSchemas, selection, inventory, ct).ConfigureAwait(false);
        var reasons = SchemaReasons(inventory, session.Options, dumpedSchemas);
        var expected = CoverageComparer.ExpectedObjects(inventory, scope, reasons);
        var records = await ObjectDigestReader.ReadByIdAsync(session, expected, session.Options, ct).ConfigureAwait(false);
        return new PrefetchedCoverage(inventory, scope, reasons, records);
    }

    /// <summary>
    /// The object list of a live database as a dump with <paramref name="options"/> would record it: the same
    /// selection, inventory, rules and digests, without a plan (verify --against, drill --against). Runs inside the
    /// caller's read-only transaction.
    /// </summary>
    public static async Task<List<Archive.Manifest.ObjectRecord>> LiveObjectsAsync(Npgsql.NpgsqlConnection connection, DumpOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        await using (var cmd = new Npgsql.NpgsqlCommand("SELECT pg_catalog.set_config('search_path', '', true), pg_catalog.set_config('jit', 'off', true)", connection))
        {
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var version = connection.PostgreSqlVersion;
        var session = new CatalogSession(connection, options, (version.Major * 10000) + Math.Max(0, version.Minor), new Ddl.Quoting([], false));
        await session.LoadExtensionMembersAsync(ct).ConfigureAwait(false);
        var selection = await ObjectSelection.SelectAsync(session, ct).ConfigureAwait(false);
        var inventory = await InventoryReader.ReadAsync(session, ct).ConfigureAwait(false);
        var dumped = session.DumpedSchemas.Keys.ToHashSet();
        var scope = await ScopeAsync(session, dumped, selection, inventory, ct).ConfigureAwait(false);
        var expected = CoverageComparer.ExpectedObjects(inventory, scope, SchemaReasons(inventory, options, dumped));
        return await ObjectDigestReader.ReadAsync(session, expected, options, ct).ConfigureAwait(false);
    }

    private static async Task<CoverageScope> ScopeAsync(CatalogSession session, IReadOnlySet<uint> dumpedSchemas, ObjectSelection selection, CatalogInventory inventory, CancellationToken ct)
    {
        var superuser = (await session.QueryAsync(
            "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user", r => r.GetBoolean(0), ct).ConfigureAwait(false)).FirstOrDefault();
        return new CoverageScope
        {
            Options = session.Options,
            DumpedSchemas = dumpedSchemas,
            DumpedExtensions = session.DumpedExtensions.ToHashSet(),
            SelectedRelations = selection.Relations.Keys.ToHashSet(),
            DataTables = selection.DataTables,
            ProfileDataExcludedSchemas = SchemasMatching(inventory.Schemas, session.Options.Profile == DumpProfile.Supabase ? SupabaseProfile.DataExcludedSchemas : []),
            IsSuperuser = superuser,
        };
    }

    /// <summary>The refusal of a dump that would lose <paramref name="uncovered"/>: exit 6, each item named.</summary>
    public static PgSnapException Refusal(IReadOnlyList<string> uncovered)
    {
        ArgumentNullException.ThrowIfNull(uncovered);
        var shown = uncovered.Take(MessageLimit).Select(u => "  - " + u);
        var more = uncovered.Count > MessageLimit ? $"\n  … and {uncovered.Count - MessageLimit} more" : "";
        return new PgSnapException(
            PgSnapErrorKind.Refused,
            $"the dump would silently leave out {uncovered.Count} thing(s) that no option explains:\n{string.Join('\n', shown)}{more}\n"
            + "Nothing was written. Leave them out on purpose with the matching option (-n/-N/-t/-T, --no-acl, --no-comments…), or dump anyway with --allow-uncovered, which records this list in the archive header.");
    }

    /// <summary>
    /// Why each schema that is not dumped is left out; <see cref="CoverageComparer"/> treats system schemas, extension
    /// schemas (whose non-member objects no CREATE EXTENSION recreates) and unexplained ones as losses.
    /// </summary>
    private static Dictionary<uint, string> SchemaReasons(CatalogInventory inventory, DumpOptions options, IReadOnlySet<uint> dumpedSchemas)
    {
        var include = options.IncludeSchemas.Select(p => NamePattern.Parse(p, 2)).ToList();
        var exclude = options.ExcludeSchemas.Select(p => NamePattern.Parse(p, 2)).ToList();
        var managed = (options.Profile == DumpProfile.Supabase ? SupabaseProfile.ManagedSchemas : []).Select(p => NamePattern.Parse(p, 2)).ToList();
        var reasons = new Dictionary<uint, string>();
        foreach (var (oid, name) in inventory.Schemas)
        {
            if (dumpedSchemas.Contains(oid))
            {
                continue;
            }

            reasons[oid] =
                name.StartsWith("pg_temp_", StringComparison.Ordinal) || name.StartsWith("pg_toast_temp_", StringComparison.Ordinal) ? "temporary schema"
                : options.IncludeTables.Count > 0 ? "-t"
                : include.Count > 0 && !include.Any(p => p.Name.IsMatch(name)) ? "-n"
                : ObjectSelection.IsSystemSchema(name) ? CoverageComparer.SystemSchema
                : exclude.Any(p => p.Name.IsMatch(name)) ? "-N"
                : managed.Any(p => p.Name.IsMatch(name)) ? "profile"
                : inventory.ExtensionMembers.ContainsKey(new CatalogId(CatalogId.PgNamespace, oid)) ? CoverageComparer.ExtensionSchema
                : CoverageComparer.UnexplainedSchema;
        }

        return reasons;
    }

    private static HashSet<uint> SchemasMatching(IReadOnlyDictionary<uint, string> schemas, string[] patterns)
    {
        var parsed = patterns.Select(p => NamePattern.Parse(p, 2)).ToList();
        return [.. schemas.Where(s => parsed.Any(p => p.Name.IsMatch(s.Value))).Select(s => s.Key)];
    }

    /// <summary>Names each item with the server's pg_describe_object, in one query.</summary>
    private static async Task<List<UncoveredItem>> DescribeAsync(CatalogSession session, List<UncoveredItem> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return items;
        }

        // Own command: CatalogSession's parameter helper types every array as oid[].
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT pg_catalog.pg_describe_object(u.c, u.o, u.s)
            FROM ROWS FROM (pg_catalog.unnest(@c), pg_catalog.unnest(@o), pg_catalog.unnest(@s)) WITH ORDINALITY AS u(c, o, s, n)
            ORDER BY u.n
            """,
            session.Connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter("c", items.Select(i => i.Key.ClassId).ToArray()) { DataTypeName = "oid[]" });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("o", items.Select(i => i.Key.ObjectId).ToArray()) { DataTypeName = "oid[]" });
        command.Parameters.Add(new Npgsql.NpgsqlParameter("s", items.Select(i => i.Key.SubId).ToArray()) { DataTypeName = "integer[]" });
        var names = new List<string?>();
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                names.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
        }

        return [.. items.Select((item, i) => item with { Description = names[i] ?? "" })];
    }
}

/// <summary>What the audit found: the lost items by name (empty when everything is covered), the objects the plan writes with their digests, and its cost.</summary>
internal sealed record CoverageResult(IReadOnlyList<string> Uncovered, IReadOnlyList<Archive.Manifest.ObjectRecord> Objects, TimeSpan Elapsed);
