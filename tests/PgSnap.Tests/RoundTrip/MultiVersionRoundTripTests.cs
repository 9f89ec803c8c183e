using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// The same round trips on every configured server major (<c>PGSNAP_TEST_SERVERS</c>; the default server alone when
/// unset). Above the installed pg_dump's major the catalog fingerprint is the schema oracle.
/// </summary>
public sealed class MultiVersionRoundTripTests
{
    public static TheoryData<int> Servers => TestServers.All;

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Sample_database_round_trips_on_each_server_major(int major)
    {
        var server = await TestServers.ForMajorAsync(major);

        await RoundTripOracle.RunAsync(new RoundTripCase("sample", SampleSchemas.Portable) { Server = server });
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Schema_only_dump_round_trips_on_each_server_major(int major)
    {
        var server = await TestServers.ForMajorAsync(major);

        await RoundTripOracle.RunAsync(new RoundTripCase("sample, schema only", SampleSchemas.Portable)
        {
            Server = server,
            DumpArgs = ["--schema-only"],
            CompareData = false,
        });
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Configured_server_runs_the_major_it_was_asked_for(int major)
    {
        var server = await TestServers.ForMajorAsync(major);

        var version = await server.ScalarAsync<string>("postgres", "SHOW server_version_num");

        Assert.Equal(major, int.Parse(version!, System.Globalization.CultureInfo.InvariantCulture) / 10000);
    }
}
