using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Subscriptions of the current database, written as pg_dump does: <c>CREATE SUBSCRIPTION … WITH (connect = false)</c>
/// so that a restore neither contacts the publisher nor creates a slot (the restored subscription is disabled and
/// has to be enabled by hand). Only a superuser can read the connection strings, so, like pg_dump, other users get
/// none; --no-subscriptions and -n/-t leave them out too.
/// </summary>
internal static class SubscriptionReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.Options.NoSubscriptions || session.IsSelective)
        {
            return;
        }

        var isSuperuser = await session.QueryAsync(
            "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user", r => r.GetBoolean(0), ct).ConfigureAwait(false);
        if (isSuperuser is not [true])
        {
            return;
        }

        var v = session.ServerVersion;
        var rows = await session.QueryAsync(
            $"""
            SELECT s.oid, s.subname, pg_catalog.pg_get_userbyid(s.subowner), s.subconninfo, s.subslotname, s.subpublications,
                   {(v >= 140000 ? "s.subbinary" : "false")},
                   {(v >= 160000 ? "s.substream::text" : v >= 140000 ? "CASE WHEN s.substream THEN 't' ELSE 'f' END" : "'f'")},
                   {(v >= 150000 ? "s.subtwophasestate::text" : "'d'")}, {(v >= 150000 ? "s.subdisableonerr" : "false")},
                   {(v >= 160000 ? "s.subpasswordrequired" : "true")}, {(v >= 160000 ? "s.subrunasowner" : "false")},
                   {(v >= 160000 ? "s.suborigin" : "'any'")}, {(v >= 170000 ? "s.subfailover" : "false")}, s.subsynccommit
            FROM pg_catalog.pg_subscription s
            WHERE s.subdbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
            ORDER BY s.subname
            """,
            r => new SubscriptionRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.Str(4), r.GetFieldValue<string[]>(5), r.GetBoolean(6),
                r.GetString(7)[0], r.GetString(8)[0], r.GetBoolean(9), r.GetBoolean(10), r.GetBoolean(11), r.GetString(12),
                r.GetBoolean(13), r.GetString(14)),
            ct);
        var q = session.Quoting;
        var d = session.Decorations;
        foreach (var s in rows)
        {
            var name = q.Ident(s.Name);
            var sb = new StringBuilder("CREATE SUBSCRIPTION ").Append(name).Append(" CONNECTION ").Append(Ddl.Quoting.Literal(s.ConnInfo))
                .Append(" PUBLICATION ").Append(q.IdentList(s.Publications)).Append(" WITH (").Append(string.Join(", ", Options(q, s))).Append(");\n");
            d.Owner(sb, "SUBSCRIPTION", name, s.Owner);
            session.Describe(sb, "SUBSCRIPTION", name, CatalogId.PgSubscription, s.Oid);
            plan.Add(new DumpObject
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
            });
        }
    }

    private static List<string> Options(Ddl.Quoting q, SubscriptionRow s)
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

    private sealed record SubscriptionRow(
        uint Oid, string Name, string Owner, string ConnInfo, string? SlotName, string[] Publications, bool Binary, char Streaming,
        char TwoPhase, bool DisableOnError, bool PasswordRequired, bool RunAsOwner, string Origin, bool Failover, string SyncCommit);
}
