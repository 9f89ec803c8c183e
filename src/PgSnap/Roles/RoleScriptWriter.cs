using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Roles;

/// <summary>
/// Writes a <see cref="RoleCatalog"/> as SQL that both PgSnap's restore and <c>psql -f</c> run, and that can run
/// again on a cluster that already has the roles: each role is created by a DO block only when missing, then
/// brought to its attributes by ALTER ROLE; settings, comments and GRANTs are idempotent by nature. Order: roles
/// (by name), then memberships with every grantor's own ADMIN grant before the grants it made.
/// </summary>
/// <remarks>
/// SUPERUSER, REPLICATION and BYPASSRLS are written only when a role has them: PostgreSQL lets only a superuser
/// name those attributes at all, even to deny them, and a project's restoring role (Supabase's postgres) is not
/// one. So a script never demotes an existing role. No password is ever written: pg_roles does not hold them.
/// </remarks>
internal static class RoleScriptWriter
{
    private static readonly Quoting s_quoting = new([], quoteAll: true);

    /// <summary>One pre-data entry per role, then one for the memberships (when there are any).</summary>
    public static IReadOnlyList<DdlEntry> Entries(RoleCatalog catalog, RoleScriptOptions options) => Build(catalog, options).Entries;

    /// <summary>The entries and what they hold.</summary>
    public static RoleScript Build(RoleCatalog catalog, RoleScriptOptions options)
    {
        int reservedCount = 0, settingCount = 0, grantCount = 0;
        var select = Selector(options.RolePatterns);
        var supabase = options.Profile == DumpProfile.Supabase;
        var entries = new List<DdlEntry>();
        foreach (var role in catalog.Roles)
        {
            if (ReservedRoles.IsBuiltIn(role.Name) || !select(role.Name))
            {
                continue;
            }

            var reserved = supabase && ReservedRoles.IsSupabaseReserved(role.Name);
            reservedCount += reserved ? 1 : 0;
            var sql = new StringBuilder();
            if (reserved)
            {
                sql.Append("-- ").Append(role.Name).Append(" is a Supabase reserved role: the platform creates it.\n");
            }

            Commented(sql, CreateIfMissing(role.Name), reserved);
            Commented(sql, Alter(role), reserved);
            foreach (var setting in catalog.Settings)
            {
                if (setting.Role == role.Name)
                {
                    // The platform lets a project keep a few settings on its roles (PostgREST's, timeouts).
                    Commented(sql, Set(setting), reserved && !ReservedRoles.IsAllowedSupabaseSetting(setting.Name));
                    settingCount++;
                }
            }

            if (role.Comment is not null && !options.NoComments)
            {
                Commented(sql, $"COMMENT ON ROLE {s_quoting.Ident(role.Name)} IS {Quoting.Literal(role.Comment)};\n", reserved);
            }

            entries.Add(new DdlEntry(DumpSection.PreData, "ROLE", null, role.Name, null, sql.ToString()));
        }

        var grants = new StringBuilder();
        foreach (var membership in Ordered(catalog, select))
        {
            var reservedMember = supabase && ReservedRoles.IsSupabaseReserved(membership.Member);
            Commented(grants, Grant(membership, catalog, supabase), reservedMember);
            grantCount++;
        }

        var roleCount = entries.Count;
        if (grants.Length > 0)
        {
            entries.Add(new DdlEntry(DumpSection.PreData, "ROLE MEMBERSHIPS", null, "memberships", null, grants.ToString()));
        }

        return new RoleScript(entries, roleCount, reservedCount, settingCount, grantCount);
    }

    /// <summary>The whole standalone script: a header, the session settings it needs, then every entry.</summary>
    public static string Text(RoleCatalog catalog, RoleScript script, string serverVersion)
    {
        var text = new StringBuilder();
        text.Append("-- pgsnap roles: the cluster's roles and memberships (never passwords), from server ")
            .Append(serverVersion.ReplaceLineEndings(" ")).Append('\n');
        text.Append("-- Safe to run more than once: a role is created only when missing.\n");
        if (!catalog.SettingsReadable)
        {
            text.Append("-- pg_db_role_setting was not readable: per-database role settings are not included.\n");
        }

        text.Append("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n");
        foreach (var entry in script.Entries)
        {
            // pg_dump's TOC comment, so restore's survey knows which roles the script creates. A line break in a
            // name must not end the comment; a name changed that way is just not recognised.
            text.Append("-- Name: ").Append(entry.Name.ReplaceLineEndings(" ")).Append("; Type: ").Append(entry.Kind).Append("; Schema: -; Owner: -\n");
            text.Append(entry.Sql).Append('\n');
        }

        return text.ToString();
    }

    private static string CreateIfMissing(string role)
    {
        var body = $"""

            BEGIN
                IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {Quoting.Literal(role)}) THEN
                    CREATE ROLE {s_quoting.Ident(role)};
                END IF;
            END
            """;
        var tag = DollarTag(body);
        return $"DO {tag}{body}\n{tag};\n";
    }

    private static string Alter(RoleDefinition role)
    {
        var text = new StringBuilder("ALTER ROLE ").Append(s_quoting.Ident(role.Name)).Append(" WITH");
        if (role.Superuser)
        {
            text.Append(" SUPERUSER");
        }

        text.Append(role.Inherit ? " INHERIT" : " NOINHERIT");
        text.Append(role.CreateRole ? " CREATEROLE" : " NOCREATEROLE");
        text.Append(role.CreateDb ? " CREATEDB" : " NOCREATEDB");
        text.Append(role.Login ? " LOGIN" : " NOLOGIN");
        if (role.Replication)
        {
            text.Append(" REPLICATION");
        }

        if (role.BypassRls)
        {
            text.Append(" BYPASSRLS");
        }

        text.Append(" CONNECTION LIMIT ").Append(role.ConnectionLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (role.ValidUntil is not null)
        {
            text.Append(" VALID UNTIL ").Append(Quoting.Literal(role.ValidUntil));
        }

        return text.Append(";\n").ToString();
    }

    private static string Set(RoleSetting setting)
    {
        var statement = $"ALTER ROLE {s_quoting.Ident(setting.Role)}{(setting.Database is null ? "" : " IN DATABASE " + s_quoting.Ident(setting.Database))} SET {s_quoting.Ident(setting.Name)} TO {RoleSettingValue.Render(setting.Name, setting.Value)}";
        if (setting.Database is null)
        {
            return statement + ";\n";
        }

        // The database may not exist where the script runs (roles are restored before databases, or elsewhere).
        var body = $"""

            BEGIN
                IF EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = {Quoting.Literal(setting.Database)}) THEN
                    EXECUTE {Quoting.Literal(statement)};
                END IF;
            END
            """;
        var tag = DollarTag(body);
        return $"DO {tag}{body}\n{tag};\n";
    }

    private static string Grant(RoleMembership m, RoleCatalog catalog, bool supabase)
    {
        var text = new StringBuilder("GRANT ").Append(s_quoting.Ident(m.Role)).Append(" TO ").Append(s_quoting.Ident(m.Member));

        // Only options that differ from what a plain GRANT gives, so that the common case also runs before 16.
        var options = new List<string>();
        if (m.Admin)
        {
            options.Add("ADMIN OPTION");
        }

        var memberInherits = catalog.Roles.FirstOrDefault(r => r.Name == m.Member)?.Inherit ?? true;
        if (m.Inherit is { } inherit && inherit != memberInherits)
        {
            options.Add(inherit ? "INHERIT TRUE" : "INHERIT FALSE");
        }

        if (m.Set is false)
        {
            options.Add("SET FALSE");
        }

        if (options.Count == 1 && m.Admin)
        {
            text.Append(" WITH ADMIN OPTION");
        }
        else if (options.Count > 0)
        {
            text.Append(" WITH ").Append(string.Join(", ", options.Select(static o => o == "ADMIN OPTION" ? "ADMIN TRUE" : o)));
        }

        if (m.Grantor is { } grantor && !ReservedRoles.IsBuiltIn(grantor) && !(supabase && ReservedRoles.IsSupabaseReserved(grantor)))
        {
            text.Append(" GRANTED BY ").Append(s_quoting.Ident(grantor));
        }

        return text.Append(";\n").ToString();
    }

    /// <summary>
    /// Memberships whose member is selected and not built in, ordered so that a grant made by a non-superuser comes
    /// after the grant that gave that grantor ADMIN on the role (PostgreSQL 16 checks it).
    /// </summary>
    private static List<RoleMembership> Ordered(RoleCatalog catalog, Func<string, bool> select)
    {
        var superusers = catalog.Roles.Where(static r => r.Superuser).Select(static r => r.Name).ToHashSet(StringComparer.Ordinal);
        var pending = catalog.Memberships.Where(m => !ReservedRoles.IsBuiltIn(m.Member) && select(m.Member)).ToList();
        var admins = new HashSet<(string Role, string Member)>();
        var ordered = new List<RoleMembership>(pending.Count);
        while (pending.Count > 0)
        {
            var ready = pending.Where(m => m.Grantor is null || superusers.Contains(m.Grantor) || admins.Contains((m.Role, m.Grantor))).ToList();
            if (ready.Count == 0)
            {
                // A grantor whose own ADMIN grant is not in the cluster any more: keep the catalog's order.
                ready = pending;
            }

            foreach (var m in ready)
            {
                ordered.Add(m);
                if (m.Admin)
                {
                    admins.Add((m.Role, m.Member));
                }
            }

            pending = pending.Except(ready).ToList();
        }

        return ordered;
    }

    private static void Commented(StringBuilder sql, string statements, bool commentOut)
    {
        if (!commentOut)
        {
            sql.Append(statements);
            return;
        }

        foreach (var line in statements.AsSpan().TrimEnd('\n').ToString().Split('\n'))
        {
            sql.Append("-- ").Append(line).Append('\n');
        }
    }

    /// <summary>A dollar-quote tag that does not occur in <paramref name="body"/> (a role name may hold anything).</summary>
    private static string DollarTag(string body)
    {
        var tag = "$pgsnap$";
        for (var n = 1; body.Contains(tag, StringComparison.Ordinal); n++)
        {
            tag = $"$pgsnap{n}$";
        }

        return tag;
    }

    private static Func<string, bool> Selector(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return static _ => true;
        }

        var regexes = patterns
            .Select(static p => new Regex("^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant))
            .ToList();
        return name => regexes.Exists(r => r.IsMatch(name));
    }
}
