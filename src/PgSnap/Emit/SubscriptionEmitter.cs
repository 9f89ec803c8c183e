using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE SUBSCRIPTION … WITH (connect = false), so that a restore neither contacts the publisher nor creates a slot;
/// only options that differ from the server's defaults are written.
/// </summary>
internal static class SubscriptionEmitter
{
    public static DumpObject Emit(SubscriptionRecord s, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var name = q.Ident(s.Name);
        var sb = new StringBuilder("CREATE SUBSCRIPTION ").Append(name).Append(" CONNECTION ").Append(Ddl.Quoting.Literal(s.ConnInfo))
            .Append(" PUBLICATION ").Append(q.IdentList(s.Publications)).Append(" WITH (").Append(string.Join(", ", Options(q, s))).Append(");\n");
        d.Owner(sb, "SUBSCRIPTION", name, s.Owner);
        context.Describe(sb, "SUBSCRIPTION", name, s.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgSubscription, s.Oid),
            Kind = "SUBSCRIPTION",
            Schema = null,
            Name = s.Name,
            Owner = s.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Subscription,
            Sql = sb.ToString(),
            DropSql = d.Drop("SUBSCRIPTION", name),
        };
    }

    private static List<string> Options(Ddl.Quoting q, SubscriptionRecord s)
    {
        var options = new List<string> { "connect = false", "slot_name = " + (s.SlotName is null ? "NONE" : q.Ident(s.SlotName)) };
        if (s.Binary)
        {
            options.Add("binary = true");
        }

        if (s.Streaming is 't' or 'p')
        {
            options.Add(s.Streaming == 'p' ? "streaming = parallel" : "streaming = on");
        }

        if (s.TwoPhase != 'd')
        {
            options.Add("two_phase = on");
        }

        if (s.DisableOnError)
        {
            options.Add("disable_on_error = true");
        }

        if (!s.PasswordRequired)
        {
            options.Add("password_required = false");
        }

        if (s.RunAsOwner)
        {
            options.Add("run_as_owner = true");
        }

        if (!string.Equals(s.Origin, "any", StringComparison.Ordinal))
        {
            options.Add("origin = " + s.Origin);
        }

        if (s.Failover)
        {
            options.Add("failover = true");
        }

        if (!string.Equals(s.SyncCommit, "off", StringComparison.Ordinal))
        {
            options.Add("synchronous_commit = " + Ddl.Quoting.Literal(s.SyncCommit));
        }

        return options;
    }
}
