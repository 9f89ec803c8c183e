using PgSnap.Model;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;

namespace PgSnap.Tests.Schema;

/// <summary>
/// The source database of the extension selection tests (<see cref="ExtensionSelectionTests"/>,
/// <see cref="ExtensionContentSelectionTests"/>): pgcrypto, hstore and the test extension with a configuration table,
/// each in its own schema, with privileges changed on members and on a built-in function, and a user row in the
/// configuration table.
/// </summary>
internal static class ExtensionSelectionSource
{
    /// <summary>
    /// Creates the database. Each test class grants to a role of its own: roles are cluster-wide, and two classes
    /// creating the same role at the same time could collide.
    /// </summary>
    /// <param name="prefix">The database name's prefix.</param>
    /// <param name="role">The role the member privileges are granted to.</param>
    /// <param name="extraSql">More setup that one class needs, run at the end.</param>
    public static async Task<(TestServer Server, string Database)> CreateAsync(string prefix, string role, string extraSql = "")
    {
        var server = await TestServer.GetAsync();
        await TestExtensions.InstallAsync(server);
        var db = await server.CreateDatabaseAsync(prefix);
        await SchemaRoundTrip.RunPsqlAsync(server, db, $"""
            DO $$ BEGIN CREATE ROLE {role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            CREATE SCHEMA extensions;
            CREATE SCHEMA cron;
            CREATE SCHEMA app;
            CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
            CREATE EXTENSION hstore WITH SCHEMA app;
            CREATE EXTENSION pgsnap_cfgtest WITH SCHEMA cron;
            GRANT EXECUTE ON FUNCTION extensions.digest(text, text) TO {role};
            REVOKE USAGE ON TYPE app.hstore FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_reset() TO {role};
            INSERT INTO cron.cfg_items VALUES (10, 'a job', true);
            CREATE TABLE app.t (id int);
            {extraSql}
            """);
        return (server, db);
    }

    /// <summary>The names of the plan's ACL entries, sorted.</summary>
    public static List<string> Acls(DumpPlan plan) => [.. plan.PreData.Where(e => e.Kind == "ACL").Select(e => e.Name).Order(StringComparer.Ordinal)];
}
