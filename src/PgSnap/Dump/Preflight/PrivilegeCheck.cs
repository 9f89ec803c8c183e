using System.Globalization;
using Npgsql;
using PgSnap.Catalog;
using PgSnap.Ddl;
using PgSnap.Dump;

namespace PgSnap.Dump.Preflight;

/// <summary>
/// Finds what the dump will read but the connecting role may not: the same selection as the planner (-n/-N/-t/-T,
/// the profile), then <c>has_schema_privilege</c> USAGE, <c>has_table_privilege</c> SELECT on every table the dump
/// locks or copies, <c>has_sequence_privilege</c> SELECT on every sequence whose value it reads, and SELECT on large
/// objects. Each unreadable object comes with the GRANT that fixes it. Also sums the tables' sizes for the
/// disk-space estimate. Reads only the catalog; never a row of user data and never a lock.
/// </summary>
internal static class PrivilegeCheck
{
    /// <summary>What the check found.</summary>
    public sealed record Outcome(List<PreflightProblem> Problems, long TableBytes, long LargeObjectBytes, int LargeObjects);

    public static async Task<Outcome> RunAsync(NpgsqlConnection connection, DumpOptions options, ServerFacts server, CancellationToken ct)
    {
        var (serverVersion, role, quotedRole) = (server.Version, server.Role, server.QuotedRole);
        var session = new CatalogSession(connection, options, serverVersion, new Quoting([], false));
        session.AddExtensionMembers(server.ExtensionMembers);
        var selection = await ObjectSelection.SelectAsync(session, ct).ConfigureAwait(false);

        // The planner locks every selected table (LOCK … IN ACCESS SHARE MODE needs SELECT) and reads every selected
        // sequence's value; the data engine copies the data tables.
        var read = selection.Relations.Values.Where(r => r.Kind is 'r' or 'p' or 'S').Select(r => r.Oid)
            .Concat(selection.DataTables).Distinct().ToArray();
        var rows = await session.QueryAsync(
            """
            SELECT c.oid, c.relkind::text, n.nspname, pg_catalog.quote_ident(n.nspname), pg_catalog.quote_ident(c.relname),
                   pg_catalog.has_schema_privilege(c.relnamespace, 'USAGE'),
                   CASE WHEN c.relkind = 'S' THEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT')
                        ELSE pg_catalog.has_table_privilege(c.oid, 'SELECT') END,
                   -- Heap and TOAST heap, main forks only: pg_table_size would also open the TOAST index and
                   -- stat the free-space and visibility maps, three relation opens a table instead of two, which
                   -- made this query the costliest of a dump of thousands of small tables (README, "5,000 tables").
                   pg_catalog.pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid <> 0 THEN pg_catalog.pg_relation_size(c.reltoastrelid) ELSE 0 END,
                   -- The server's own rule (check_enable_rls): policies apply unless the role is a superuser, has
                   -- BYPASSRLS, or has the owner's privileges on a table without FORCE ROW LEVEL SECURITY.
                   c.relrowsecurity AND NOT me.rolsuper AND NOT me.rolbypassrls
                       AND (c.relforcerowsecurity OR NOT pg_catalog.pg_has_role(c.relowner, 'USAGE'))
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN (SELECT rolsuper, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = current_user) me
            WHERE c.oid = ANY(@oids)
            ORDER BY n.nspname, c.relname
            """,
            r => new RelationAccess(r.GetFieldValue<uint>(0), r.GetString(1)[0], r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetBoolean(6), r.GetInt64(7), r.GetBoolean(8)),
            ct,
            ("oids", read));

        var problems = new List<PreflightProblem>();
        foreach (var schema in rows.Where(r => !r.SchemaUsage).GroupBy(r => r.QuotedSchema).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            problems.Add(new PreflightProblem(
                PreflightCheck.Privilege,
                true,
                $"role {role} has no USAGE on schema {schema.Key} ({schema.Count()} selected relation(s) in it cannot be read)",
                $"GRANT USAGE ON SCHEMA {schema.Key} TO {quotedRole};"));
        }

        long tableBytes = 0;
        foreach (var rel in rows)
        {
            if (selection.DataTables.Contains(rel.Oid))
            {
                tableBytes += rel.SizeBytes;
            }

            if (rel.Select)
            {
                continue;
            }

            var what = rel.Kind == 'S' ? "SEQUENCE" : "TABLE";
            var name = rel.QuotedSchema + "." + rel.QuotedName;
            problems.Add(new PreflightProblem(
                PreflightCheck.Privilege,
                true,
                $"role {role} cannot read {what.ToLowerInvariant()} {name} (no SELECT privilege)",
                $"GRANT SELECT ON {what} {name} TO {quotedRole};"));
        }

        if (RowSecurityProblem(rows, selection, options, role) is { } rowSecurity)
        {
            problems.Add(rowSecurity);
        }

        var (loCount, loBytes) = (0, 0L);
        if (WantsLargeObjects(options))
        {
            (loCount, loBytes) = await CheckLargeObjectsAsync(session, server, problems, ct).ConfigureAwait(false);
        }

        return new Outcome(problems, tableBytes, loBytes, loCount);
    }

    /// <summary>The dump copies large objects' content in full dumps only (as pg_dump: not with -n/-t/-e/-s).</summary>
    internal static bool WantsLargeObjects(DumpOptions options) =>
        !options.SchemaOnly && !options.NoLargeObjects && options.IncludesEverything;

    private static async Task<(int Count, long Bytes)> CheckLargeObjectsAsync(
        CatalogSession session, ServerFacts server, List<PreflightProblem> problems, CancellationToken ct)
    {
        var (count, serverVersion, role, quotedRole) = (server.LargeObjects, server.Version, server.Role, server.QuotedRole);
        if (count == 0)
        {
            return (0, 0);
        }

        // Before 18 there is no has_largeobject_privilege: the server's rule is superuser, lo_compat_privileges,
        // or a SELECT entry for PUBLIC or a role we inherit from in the object's ACL (its owner's default ACL when null).
        var sql = serverVersion >= 180000
            ? "SELECT l.oid::pg_catalog.int8 FROM pg_catalog.pg_largeobject_metadata l WHERE NOT pg_catalog.has_largeobject_privilege(l.oid, 'SELECT') ORDER BY l.oid"
            : """
              SELECT l.oid::pg_catalog.int8 FROM pg_catalog.pg_largeobject_metadata l
              WHERE NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
                AND NOT pg_catalog.current_setting('lo_compat_privileges')::bool
                AND NOT EXISTS (
                    SELECT 1 FROM pg_catalog.aclexplode(coalesce(l.lomacl, pg_catalog.acldefault('L', l.lomowner))) a
                    WHERE a.privilege_type = 'SELECT'
                      AND (a.grantee = 0 OR pg_catalog.pg_has_role(current_user, a.grantee, 'USAGE')))
              ORDER BY l.oid
              """;
        var unreadable = await session.QueryAsync(sql, r => r.GetInt64(0), ct).ConfigureAwait(false);
        foreach (var oid in unreadable)
        {
            var id = oid.ToString(CultureInfo.InvariantCulture);
            problems.Add(new PreflightProblem(
                PreflightCheck.Privilege,
                true,
                $"role {role} cannot read large object {id} (no SELECT privilege)",
                $"GRANT SELECT ON LARGE OBJECT {id} TO {quotedRole};"));
        }

        var bytes = (await session.QueryAsync("SELECT pg_catalog.pg_relation_size('pg_catalog.pg_largeobject'::pg_catalog.regclass)", r => r.GetInt64(0), ct).ConfigureAwait(false))[0];
        return (count, bytes);
    }

    private sealed record RelationAccess(uint Oid, char Kind, string Schema, string QuotedSchema, string QuotedName, bool SchemaUsage, bool Select, long SizeBytes, bool RowSecurityApplies);

    /// <summary>
    /// Data tables whose rows row-level security would filter for this role: pg_dump fails on the first of them after
    /// whatever it copied before; here the dump is refused before any row is read, naming them all, unless
    /// --enable-row-security asked for the rows the role can see.
    /// </summary>
    private static PreflightProblem? RowSecurityProblem(IEnumerable<RelationAccess> rows, ObjectSelection selection, DumpOptions options, string role)
    {
        var filtered = rows.Where(r => r.RowSecurityApplies && selection.DataTables.Contains(r.Oid)).Select(r => r.QuotedSchema + "." + r.QuotedName).ToList();
        if (filtered.Count == 0 || options.SchemaOnly)
        {
            return null;
        }

        var names = string.Join(", ", filtered.Take(10)) + (filtered.Count > 10 ? $" and {filtered.Count - 10} more" : string.Empty);
        return options.EnableRowSecurity
            ? new PreflightProblem(PreflightCheck.RowSecurity, false,
                $"--enable-row-security: {filtered.Count} table(s) hold only the rows role {role} can see under row-level security: {names}")
            : new PreflightProblem(PreflightCheck.RowSecurity, true,
                $"role {role} is subject to row-level security on {filtered.Count} table(s) and would not see all their rows: {names}",
                $"dump as a role with BYPASSRLS (ALTER ROLE … BYPASSRLS) or the tables' owner, or pass --enable-row-security to dump only the rows {role} can see");
    }
}
