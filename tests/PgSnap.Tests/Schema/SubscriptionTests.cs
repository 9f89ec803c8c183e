using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// Subscriptions round-trip as pg_dump writes them: created with connect = false (no publisher is contacted, no slot
/// made), so the restored ones are disabled. Not a Fidelity/*.sql file: a database that holds a subscription cannot
/// be dropped, and the fidelity matrix drops its databases; these tests drop their subscriptions at the end.
/// </summary>
public sealed class SubscriptionTests
{
    private const string Setup = """"
        DO $$ BEGIN CREATE ROLE pgsnap_sub_owner SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
        CREATE SUBSCRIPTION pgsnap_sub_plain CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION pub_a WITH (connect = false);
        CREATE SUBSCRIPTION "pgsnap sub ""tuned""" CONNECTION 'host=127.0.0.1 port=1 dbname=''it\''s'' application_name=x'
            PUBLICATION pub_a, "Pub B" WITH (connect = false, slot_name = 'custom_slot', binary = true, streaming = on, two_phase = true,
            disable_on_error = true, synchronous_commit = 'remote_apply');
        CREATE SUBSCRIPTION pgsnap_sub_noslot CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION pub_c
            WITH (connect = false, slot_name = NONE, enabled = false, create_slot = false);
        ALTER SUBSCRIPTION pgsnap_sub_plain OWNER TO pgsnap_sub_owner;
        COMMENT ON SUBSCRIPTION pgsnap_sub_plain IS 'from the old box';
        """";

    private const string DropAll = """
        DO $$
        DECLARE s record;
        BEGIN
            FOR s IN SELECT subname FROM pg_catalog.pg_subscription WHERE subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) LOOP
                EXECUTE format('ALTER SUBSCRIPTION %I DISABLE', s.subname);
                EXECUTE format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', s.subname);
                EXECUTE format('DROP SUBSCRIPTION %I', s.subname);
            END LOOP;
        END $$;
        """;

    [Fact]
    public async Task Subscriptions_round_trip_with_connect_false()
    {
        var result = await SchemaRoundTrip.RunAsync(Setup, prefix: "subs");
        try
        {
            Assert.Contains("CREATE SUBSCRIPTION", result.SourceDump, StringComparison.Ordinal);
            SchemaRoundTrip.AssertSame(result);
        }
        finally
        {
            var server = await TestServer.GetAsync();
            await server.ExecuteAsync(result.SourceDatabase, DropAll);
            await server.ExecuteAsync(result.TargetDatabase, DropAll);
        }
    }

    [Fact]
    public async Task No_subscriptions_leaves_them_out()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("subs_none");
        await SchemaRoundTrip.RunPsqlAsync(server, db, Setup);
        try
        {
            var with = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { SchemaOnly = true });
            var without = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { SchemaOnly = true, NoSubscriptions = true });

            Assert.Equal(3, with.PostData.Count(e => e.Kind == "SUBSCRIPTION"));
            Assert.DoesNotContain(without.PreData.Concat(without.PostData), e => e.Sql.Contains("SUBSCRIPTION", StringComparison.Ordinal));
        }
        finally
        {
            await server.ExecuteAsync(db, DropAll);
        }
    }
}
