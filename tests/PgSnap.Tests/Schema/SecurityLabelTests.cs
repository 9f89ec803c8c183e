using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// Security labels need a label provider loaded into the server (sepgsql, which needs SELinux, or the
/// dummy_seclabel test module, which Debian does not ship), so no label can be set with SECURITY LABEL in the test
/// cluster and none could be restored: the round-trip oracle cannot run. What can be tested for real is the dump
/// side: the superuser writes genuine rows into pg_seclabel (the catalog the labels live in), and the plan must
/// carry a SECURITY LABEL statement for each, in its object's block, and none with --no-security-labels.
/// </summary>
public sealed class SecurityLabelTests
{
    private const string Setup = """
        CREATE SCHEMA sl;
        CREATE TABLE sl.patients (id integer PRIMARY KEY, diagnosis text);
        CREATE FUNCTION sl.patient_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM sl.patients';
        INSERT INTO pg_catalog.pg_seclabel (objoid, classoid, objsubid, provider, label) VALUES
            ('sl.patients'::regclass, 'pg_catalog.pg_class'::regclass, 0, 'selinux', 'system_u:object_r:sepgsql_table_t:s0'),
            ('sl.patients'::regclass, 'pg_catalog.pg_class'::regclass, 2, 'selinux', 'system_u:object_r:sepgsql_secret_table_t:s0'),
            ('sl'::regnamespace, 'pg_catalog.pg_namespace'::regclass, 0, 'selinux', 'system_u:object_r:sepgsql_schema_t:s0'),
            ('sl.patient_count'::regproc, 'pg_catalog.pg_proc'::regclass, 0, 'selinux', 'it''s a label');
        """;

    [Fact]
    public async Task Labels_in_pg_seclabel_become_security_label_statements_in_their_objects_blocks()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("seclabel");
        await server.ExecuteAsync(db, Setup);

        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { SchemaOnly = true });

        var table = Assert.Single(plan.PreData, e => e.Kind == "TABLE" && e.Name == "patients");
        Assert.Contains("SECURITY LABEL FOR selinux ON TABLE sl.patients IS 'system_u:object_r:sepgsql_table_t:s0';\n", table.Sql, StringComparison.Ordinal);
        Assert.Contains("SECURITY LABEL FOR selinux ON COLUMN sl.patients.diagnosis IS 'system_u:object_r:sepgsql_secret_table_t:s0';\n", table.Sql, StringComparison.Ordinal);
        var schema = Assert.Single(plan.PreData, e => e.Kind == "SCHEMA" && e.Name == "sl");
        Assert.Contains("SECURITY LABEL FOR selinux ON SCHEMA sl IS 'system_u:object_r:sepgsql_schema_t:s0';\n", schema.Sql, StringComparison.Ordinal);
        var function = Assert.Single(plan.PreData, e => e.Kind == "FUNCTION" && e.Name.StartsWith("patient_count", StringComparison.Ordinal));
        Assert.Contains("SECURITY LABEL FOR selinux ON FUNCTION sl.patient_count() IS 'it''s a label';\n", function.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_security_labels_leaves_every_label_out()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("seclabel_no");
        await server.ExecuteAsync(db, Setup);

        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { SchemaOnly = true, NoSecurityLabels = true });

        Assert.DoesNotContain(plan.PreData.Concat(plan.PostData), e => e.Sql.Contains("SECURITY LABEL", StringComparison.Ordinal));
        Assert.Contains(plan.PreData, e => e.Kind == "TABLE" && e.Name == "patients");
    }
}
