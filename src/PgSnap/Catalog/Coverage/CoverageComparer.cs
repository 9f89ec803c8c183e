using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// The coverage audit's verdict as a pure function: everything in <see cref="CatalogInventory"/> that the plan's
/// <see cref="PlanClaims"/> do not write and the <see cref="CoverageScope"/> (the dump's options and profile) does
/// not explain. Rules in docs/FORMAT.md, "Coverage". An object of a kind no rule knows is uncovered: the audit
/// errs on the side of refusing.
/// </summary>
internal static class CoverageComparer
{
    /// <summary>Schema reasons that do not explain a missing object: it is a real loss.</summary>
    public const string SystemSchema = "system schema";
    public const string ExtensionSchema = "extension member";
    public const string UnexplainedSchema = "unexplained";

    public static List<UncoveredItem> Compare(CatalogInventory inventory, PlanClaims plan, CoverageScope scope, IReadOnlyDictionary<uint, string> schemaReasons)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(schemaReasons);
        var resolver = new Resolver(inventory, plan, scope, schemaReasons);
        var result = new List<UncoveredItem>();
        var options = scope.Options;

        foreach (var o in inventory.Objects)
        {
            if (resolver.Resolve(o.Id) == Status.Uncovered)
            {
                result.Add(new UncoveredItem(CatalogKey.Of(o.Id), "object"));
            }
        }

        if (!options.NoAcl && !options.DataOnly)
        {
            foreach (var key in inventory.Acls)
            {
                if (plan.Acls.Contains(key) || plan.AclBlocks.Contains(key.Object) || LargeObjectLeftOut(key, scope))
                {
                    continue;
                }

                var status = resolver.Resolve(key.Object);
                var lost = status switch
                {
                    Status.Covered or Status.Unknown => true,
                    // The Supabase profile leaves the privileges of extension members to the platform (README,
                    // "Extensions and built-in objects").
                    Status.Member => !scope.IsSupabase && MemberPrivilegesDumped(inventory, key.Object, scope),
                    Status.Initdb => !scope.IsSelective && !scope.IsSupabase && !resolver.IsUndumpedSchema(key.Object),
                    _ => false,
                };
                if (lost)
                {
                    result.Add(new UncoveredItem(key, "privileges"));
                }
            }
        }

        if (!options.DataOnly)
        {
            AuditDescriptions([.. inventory.Comments.Where(k => !LargeObjectLeftOut(k, scope))], plan.Comments, options.NoComments, "comment", resolver, result);
            AuditDescriptions([.. inventory.SecurityLabels.Where(k => !LargeObjectLeftOut(k, scope))], plan.SecurityLabels, options.NoSecurityLabels, "security label", resolver, result);
            if (!scope.IsSelective)
            {
                foreach (var (obj, extension) in inventory.ExtensionDependencies)
                {
                    if (!plan.ExtensionDependencies.Contains((obj, extension)) && resolver.Resolve(obj) is Status.Covered or Status.Unknown)
                    {
                        result.Add(new UncoveredItem(CatalogKey.Of(obj), $"DEPENDS ON EXTENSION (extension oid {extension})"));
                    }
                }
            }
        }

        AuditData(inventory, plan, scope, result);
        return result;
    }

    /// <summary>
    /// The objects a dump under <paramref name="scope"/> is expected to hold, standing on their own (what folds into
    /// another object is part of it): the same rules on any database, so the list of a dump and the list of a live
    /// database compare (verify --against). With <paramref name="plan"/>, only those the plan really writes.
    /// </summary>
    public static List<InventoryObject> ExpectedObjects(
        CatalogInventory inventory, CoverageScope scope, IReadOnlyDictionary<uint, string> schemaReasons, PlanClaims? plan = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var expected = new Resolver(inventory, new PlanClaims(), scope, schemaReasons);
        var written = plan is null ? null : new Resolver(inventory, plan, scope, schemaReasons);
        return [.. inventory.Objects.Where(o => o.FoldedInto is null && expected.Resolve(o.Id) == Status.Uncovered
            && (written is null || written.Resolve(o.Id) == Status.Covered))];
    }

    /// <summary>
    /// pg_dump writes the privileges of the members of the extensions it creates, and of the built-in ones (plpgsql)
    /// in a dump of everything.
    /// </summary>
    private static bool MemberPrivilegesDumped(CatalogInventory inventory, CatalogId member, CoverageScope scope) =>
        inventory.ExtensionMembers.TryGetValue(member, out var extension) && extension >= CatalogId.FirstNormalObjectId
            ? scope.DumpedExtensions.Contains(extension)
            : !scope.IsSelective;

    /// <summary>
    /// A large object's privileges, comment or label when the dump leaves large objects out on purpose (-s, -n/-t,
    /// --no-large-objects, as pg_dump does): they go with the object.
    /// </summary>
    private static bool LargeObjectLeftOut(CatalogKey key, CoverageScope scope) =>
        key.Object.ClassId == CatalogId.PgLargeObjectMetadata
        && (scope.Options.SchemaOnly || scope.Options.NoLargeObjects || scope.IsSelective);

    private static void AuditDescriptions(
        IReadOnlyList<CatalogKey> keys, IReadOnlySet<CatalogKey> emitted, bool optedOut, string what, Resolver resolver, List<UncoveredItem> result)
    {
        if (optedOut)
        {
            return;
        }

        foreach (var key in keys)
        {
            if (emitted.Contains(key))
            {
                continue;
            }

            // An extension member's comment comes from the extension's script; an object that is itself explained
            // or listed takes its comment with it.
            var status = resolver.Resolve(key.Object);
            if (status is Status.Covered or Status.Unknown || (status == Status.Initdb && !resolver.IsUndumpedSchema(key.Object)))
            {
                result.Add(new UncoveredItem(key, what));
            }
        }
    }

    private static void AuditData(CatalogInventory inventory, PlanClaims plan, CoverageScope scope, List<UncoveredItem> result)
    {
        var options = scope.Options;
        if (options.SchemaOnly)
        {
            return;
        }

        foreach (var table in scope.DataTables.Order())
        {
            if (!plan.TableData.Contains(table))
            {
                result.Add(new UncoveredItem(new CatalogKey(CatalogId.PgClass, table), "rows"));
            }
        }

        foreach (var o in inventory.Objects)
        {
            if (o.Id.ClassId == CatalogId.PgClass && o.Kind == "S" && scope.SelectedRelations.Contains(o.Id.ObjectId) && !plan.SequenceValues.Contains(o.Id.ObjectId))
            {
                result.Add(new UncoveredItem(CatalogKey.Of(o.Id), "sequence value"));
            }
        }

        if (!scope.IsSelective)
        {
            foreach (var config in inventory.ExtensionConfig)
            {
                // The Supabase profile moves configuration rows of its managed schemas as data of its own choosing, and
                // -T / --exclude-table-data may name a configuration table: both are the options' doing. (Not yet
                // matched table by table: a known leniency of the audit.)
                if (scope.IsSupabase || options.ExcludeTables.Count > 0 || options.ExcludeTableData.Count > 0)
                {
                    continue;
                }

                // --exclude-extension: pg_dump dumps none of an excluded extension's configuration.
                if (!scope.DumpedExtensions.Contains(config.Extension))
                {
                    continue;
                }

                // pg_dump counts a configuration table's rows as schema; PgSnap's data-only dump leaves them to the
                // schema dump it is restored over, so that -s then -a loads them once (README, "Extensions").
                if (options.DataOnly && config.Kind != 'S')
                {
                    continue;
                }

                var covered = config.Kind == 'S' ? plan.SequenceValues.Contains(config.Relation) : plan.TableData.Contains(config.Relation);
                if (!covered)
                {
                    result.Add(new UncoveredItem(new CatalogKey(CatalogId.PgClass, config.Relation),
                        config.Kind == 'S' ? "sequence value (extension configuration)" : "rows (extension configuration table)"));
                }
            }

            if (!options.NoLargeObjects)
            {
                foreach (var lo in inventory.LargeObjects)
                {
                    if (!plan.LargeObjects.Contains(lo))
                    {
                        result.Add(new UncoveredItem(new CatalogKey(CatalogId.PgLargeObjectMetadata, lo), "large object"));
                    }
                }
            }
        }
    }

    /// <summary>How an object stands against the plan.</summary>
    internal enum Status
    {
        /// <summary>In the plan, or folded into an object that is.</summary>
        Covered,

        /// <summary>Left out, and the options say why.</summary>
        Explained,

        /// <summary>Folded into an object that is itself reported, so it is not reported again.</summary>
        LostWithOther,

        /// <summary>Belongs to an extension: CREATE EXTENSION recreates it.</summary>
        Member,

        /// <summary>Created by initdb (oid below 16384).</summary>
        Initdb,

        /// <summary>Not in the inventory (a catalog the audit does not enumerate).</summary>
        Unknown,

        /// <summary>Left out without a reason: a loss.</summary>
        Uncovered,
    }

    private sealed class Resolver
    {
        private readonly IReadOnlyDictionary<CatalogId, InventoryObject> _byId;
        private readonly Dictionary<CatalogId, Status> _memo;
        private readonly CatalogInventory _inventory;
        private readonly PlanClaims _plan;
        private readonly CoverageScope _scope;
        private readonly IReadOnlyDictionary<uint, string> _schemaReasons;

        public Resolver(CatalogInventory inventory, PlanClaims plan, CoverageScope scope, IReadOnlyDictionary<uint, string> schemaReasons)
        {
            _inventory = inventory;
            _plan = plan;
            _scope = scope;
            _schemaReasons = schemaReasons;
            _byId = inventory.ById;
            _memo = new Dictionary<CatalogId, Status>(inventory.Objects.Count);
        }

        /// <summary>A schema (initdb's public, say) that the options leave out.</summary>
        public bool IsUndumpedSchema(CatalogId id) => id.ClassId == CatalogId.PgNamespace && !_scope.DumpedSchemas.Contains(id.ObjectId);

        public Status Resolve(CatalogId id)
        {
            if (_memo.TryGetValue(id, out var known))
            {
                return known;
            }

            // Guards a fold cycle (which the catalog should not have) from recursing forever.
            _memo[id] = Status.LostWithOther;
            var status = ResolveCore(id);
            _memo[id] = status;
            return status;
        }

        private Status ResolveCore(CatalogId id)
        {
            if (_plan.Objects.Contains(id))
            {
                return Status.Covered;
            }

            if (_inventory.ExtensionMembers.ContainsKey(id))
            {
                return Status.Member;
            }

            if (!_byId.TryGetValue(id, out var o))
            {
                return id.ObjectId < CatalogId.FirstNormalObjectId ? Status.Initdb : Status.Unknown;
            }

            if (o.FoldedInto is { } fold)
            {
                return Resolve(fold) switch
                {
                    Status.Covered => Status.Covered,
                    Status.Uncovered or Status.LostWithOther => Status.LostWithOther,
                    Status.Member => Status.Member,
                    Status.Unknown => Status.Uncovered,
                    _ => Status.Explained,
                };
            }

            return _scope.Options.DataOnly || Explains(o) ? Status.Explained : Status.Uncovered;
        }

        /// <summary>True when the options and profile account for <paramref name="o"/> not being in the plan.</summary>
        private bool Explains(InventoryObject o)
        {
            var options = _scope.Options;
            var id = o.Id;
            if (id.ClassId == CatalogId.PgNamespace)
            {
                return SchemaExplains(id.ObjectId);
            }

            if (id.ClassId == CatalogId.PgClass && o.Kind is "r" or "p" or "v" or "m" or "f" or "S")
            {
                if (_scope.SelectedRelations.Contains(id.ObjectId))
                {
                    return false;
                }

                return options.IncludeTables.Count > 0 || options.ExcludeTables.Count > 0 || SchemaExplains(o.SchemaOid);
            }

            // A sub-object of an extension member (a domain's CHECK constraint, say) comes from the extension's script.
            if (o.Parent is { } parent && Resolve(parent) is Status.Explained or Status.LostWithOther or Status.Member)
            {
                return true;
            }

            if (id.ClassId == CatalogId.PgPolicy && options.NoPolicies)
            {
                return true;
            }

            if (o.Relation != 0)
            {
                return RelationMemberExplains(o);
            }

            if (id.ClassId == CatalogId.PgExtension)
            {
                // Left out by -n/-t/-e/--exclude-extension (ExtensionSelection), or lost.
                return !_scope.DumpedExtensions.Contains(id.ObjectId);
            }

            if (o.SchemaOid != 0 && !_scope.DumpedSchemas.Contains(o.SchemaOid))
            {
                return options.IncludeTables.Count > 0 || SchemaExplains(o.SchemaOid);
            }

            var supabasePlatform = _scope.IsSupabase && o.Owner is not null && SupabaseProfile.PlatformOwners.Contains(o.Owner);
            return id.ClassId switch
            {
                CatalogId.PgProc => supabasePlatform,
                CatalogId.PgDefaultAcl => options.NoAcl || _scope.IsSelective || supabasePlatform,
                CatalogId.PgEventTrigger => _scope.IsSelective || _scope.IsSupabase,
                CatalogId.PgPublication => PublicationExplains(id),
                CatalogId.PgPublicationRel or CatalogId.PgPublicationNamespace => PublicationExplains(o.Parent),
                CatalogId.PgSubscription => _scope.IsSelective || options.NoSubscriptions,
                // A shell operator that no operator names as COMMUTATOR or NEGATOR any more (the one that did was
                // dropped) has no function: nothing can call it or be built on it, and no statement creates one on
                // its own. Left out on purpose, as pg_dump leaves out every shell (a shell that is named comes back
                // with the operator naming it: its inventory row folds into that operator).
                CatalogId.PgOperator => o.Kind == "shell",
                _ => o.SchemaOid == 0 && _scope.IsSelective,
            };
        }

        /// <summary>A constraint, index, rule, trigger or publication entry of a relation: explained with its relation.</summary>
        private bool RelationMemberExplains(InventoryObject o)
        {
            var relation = new CatalogId(CatalogId.PgClass, o.Relation);
            if (!_scope.SelectedRelations.Contains(o.Relation))
            {
                // Constraints, indexes, rules and triggers of an extension's relation are not members themselves
                // (only the relation is), yet CREATE EXTENSION makes them: the catalog cannot tell them from one
                // a user added later, so both count as the extension's.
                return Resolve(relation) switch
                {
                    Status.Member or Status.Explained or Status.LostWithOther => true,
                    _ => false,
                };
            }

            return o.Id.ClassId == CatalogId.PgPublicationRel && PublicationExplains(o.Parent);
        }

        private bool PublicationExplains(CatalogId? publication)
        {
            if (_scope.Options.NoPublications || _scope.IsSelective)
            {
                return true;
            }

            return _scope.IsSupabase && publication is { } p && _byId.TryGetValue(p, out var pub) && pub.Name == "supabase_realtime";
        }

        private bool SchemaExplains(uint schema)
        {
            if (_scope.DumpedSchemas.Contains(schema))
            {
                return false;
            }

            return _schemaReasons.TryGetValue(schema, out var reason) && reason is not (SystemSchema or ExtensionSchema or UnexplainedSchema);
        }
    }
}
