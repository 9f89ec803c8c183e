using PgSnap.Emit;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Relations, then what hangs off them (indexes, triggers, rules, policies, publications), read on the planner's pool: the reads
/// that need the relations' oids start as soon as the relations are read, side by side, while the planner still
/// emits what relations use; <see cref="EmitAsync"/> then emits all of it in pg_dump's order, once: it lets go of the
/// records as it goes, so that they can be collected while the planner still holds this object.
/// </summary>
internal sealed class RelationReads
{
    private RelationSet? _relations;
    private Task<IndexSet>? _indexes;
    private Task<List<TriggerRecord>>? _triggers;
    private Task<List<PartitionTriggerRecord>>? _partitionTriggers;
    private Task<List<RuleRecord>>? _rules;
    private Task<PolicySet>? _policies;
    private Task<PublicationSet>? _publications;

    private RelationReads(CatalogReadPool pool, RelationSet relations, bool policies)
    {
        _relations = relations;
        var oids = relations.Relations.Select(r => r.Oid).ToArray();
        _indexes = pool.Read((s, c) => IndexReader.ReadAsync(s, oids, c), urgent: true);
        _triggers = pool.Read((s, c) => TriggerReader.ReadAsync(s, oids, c), urgent: true);
        _partitionTriggers = pool.Read((s, c) => PartitionTriggerReader.ReadAsync(s, oids, c), urgent: true);
        _rules = pool.Read((s, c) => RuleReader.ReadAsync(s, oids, c), urgent: true);

        // --no-policies leaves out the policies and the enabling of row-level security, as pg_dump does.
        _policies = policies ? pool.Read((s, c) => PolicyReader.ReadAsync(s, oids, c), urgent: true) : null;
        _publications = pool.Read((s, c) => PublicationReader.ReadAsync(s, oids, c), urgent: true);
    }

    /// <summary>Reads the selected relations, then starts the reads of what hangs off them.</summary>
    public static async Task<RelationReads> Start(CatalogReadPool pool, ObjectSelection selection, bool policies)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var relations = await RelationReader.ReadAsync(pool, selection).ConfigureAwait(false);
        return new RelationReads(pool, relations, policies);
    }

    /// <summary>
    /// Emits the relations and, once each read is in, what hangs off them; returns the publications of the dumped
    /// relations, which are emitted with the database-wide objects.
    /// </summary>
    public async Task<PublicationSet> EmitAsync(PlanBuilder plan, EmitContext context)
    {
        var relationSet = _relations ?? throw EmittedAlready();
        _relations = null;
        RelationEmitter.AddTo(plan, relationSet, context);
        var relations = plan.Relations;
        plan.Objects.AddRange(IndexEmitter.Emit(await Take(ref _indexes).ConfigureAwait(false), relations, context));
        foreach (var trigger in await Take(ref _triggers).ConfigureAwait(false))
        {
            plan.Add(TriggerEmitter.Emit(trigger, context));
        }

        foreach (var clone in await Take(ref _partitionTriggers).ConfigureAwait(false))
        {
            if (TriggerEmitter.EmitClone(clone, relations[clone.RelOid], context) is { } block)
            {
                plan.Add(block);
            }
        }

        foreach (var rule in await Take(ref _rules).ConfigureAwait(false))
        {
            plan.Add(RuleEmitter.Emit(rule, relations[rule.RelOid], context));
        }

        if (_policies is not null)
        {
            EmitPolicies(plan, await Take(ref _policies).ConfigureAwait(false), context);
        }

        return await Take(ref _publications).ConfigureAwait(false);
    }

    /// <summary>The read, no longer held here (a finished task holds its records).</summary>
    private static Task<T> Take<T>(ref Task<T>? read)
    {
        var taken = read ?? throw EmittedAlready();
        read = null;
        return taken;
    }

    private static InvalidOperationException EmittedAlready() => new("the relation reads were emitted already");

    private static void EmitPolicies(PlanBuilder plan, PolicySet security, EmitContext context)
    {
        var relations = plan.Relations;
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
}
