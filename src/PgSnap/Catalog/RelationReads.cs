using PgSnap.Emit;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>
/// Relations, then what hangs off them (indexes, triggers, rules, policies, publications), read on the planner's pool: the reads
/// that need the relations' oids start as soon as the relations are read, side by side, while the planner still
/// emits what relations use; <see cref="EmitAsync"/> then emits all of it in pg_dump's order.
/// </summary>
internal sealed class RelationReads
{
    private readonly RelationSet _relations;
    private readonly Task<IndexSet> _indexes;
    private readonly Task<List<TriggerRecord>> _triggers;
    private readonly Task<List<PartitionTriggerRecord>> _partitionTriggers;
    private readonly Task<List<RuleRecord>> _rules;
    private readonly Task<PolicySet>? _policies;

    /// <summary>The publications of the dumped relations (emitted with the database-wide objects).</summary>
    public Task<PublicationSet> Publications { get; }

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
        Publications = pool.Read((s, c) => PublicationReader.ReadAsync(s, oids, c), urgent: true);
    }

    /// <summary>Reads the selected relations, then starts the reads of what hangs off them.</summary>
    public static async Task<RelationReads> Start(CatalogReadPool pool, ObjectSelection selection, bool policies)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var relations = await RelationReader.ReadAsync(pool, selection).ConfigureAwait(false);
        return new RelationReads(pool, relations, policies);
    }

    /// <summary>Emits the relations and, once each read is in, what hangs off them.</summary>
    public async Task EmitAsync(PlanBuilder plan, EmitContext context)
    {
        RelationEmitter.AddTo(plan, _relations, context);
        var relations = plan.Relations;
        plan.Objects.AddRange(IndexEmitter.Emit(await _indexes.ConfigureAwait(false), relations, context));
        foreach (var trigger in await _triggers.ConfigureAwait(false))
        {
            plan.Add(TriggerEmitter.Emit(trigger, context));
        }

        foreach (var clone in await _partitionTriggers.ConfigureAwait(false))
        {
            if (TriggerEmitter.EmitClone(clone, relations[clone.RelOid], context) is { } block)
            {
                plan.Add(block);
            }
        }

        foreach (var rule in await _rules.ConfigureAwait(false))
        {
            plan.Add(RuleEmitter.Emit(rule, relations[rule.RelOid], context));
        }

        if (_policies is null)
        {
            return;
        }

        var security = await _policies.ConfigureAwait(false);
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
