using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PgSnap.Connection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Wire;
using Xunit;

namespace PgSnap.Tests.Libpq;

/// <summary>
/// Several hosts in one connection string, tried in order, with target_session_attrs, through both clients (they
/// share <see cref="HostSelection"/>, and each must land on the same server). The "standby" here is a primary with
/// default_transaction_read_only=on: it proves the read-write / read-only choice; in_hot_standby (primary, standby,
/// prefer-standby against a real standby) is decided from the same reported parameter but is not exercised against a
/// streaming replica.
/// </summary>
public sealed class SeveralHostsTests : IClassFixture<TwoClustersFixture>
{
    private readonly TwoClustersFixture _clusters;

    public SeveralHostsTests(TwoClustersFixture clusters)
    {
        _clusters = clusters;
    }

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string?> NoEnvironment() => new() { ["PGPASSFILE"] = "/nonexistent", ["HOME"] = "/nonexistent" };

    [Fact]
    public async Task The_first_host_down_the_second_is_used_in_key_value_and_url_forms()
    {
        var down = DeadPort();
        var up = _clusters.Writable.Port;
        var pw = LocalCluster.SuperuserPassword;
        foreach (var text in new[]
        {
            $"host=127.0.0.1,127.0.0.1 port={P(down)},{P(up)} user=postgres password={pw} dbname=postgres sslmode=disable",
            $"postgresql://postgres:{pw}@127.0.0.1:{P(down)},127.0.0.1:{P(up)}/postgres?sslmode=disable",
        })
        {
            var spec = ConnectionResolver.Resolve(text, NoEnvironment().GetValueOrDefault);
            Assert.Equal("writable", (await ClientConformanceTests.BothAsync(spec, "SELECT name FROM whoami")).Single());
        }
    }

    [Theory]
    [InlineData("any", "read-only")]
    [InlineData("read-write", "writable")]
    [InlineData("read-only", "read-only")]
    [InlineData("primary", "read-only")]
    [InlineData("prefer-standby", "read-only")]
    [InlineData("standby", null)]
    public async Task Target_session_attrs_picks_the_same_server_in_both_clients(string attrs, string? expected)
    {
        // The read-only server comes first: read-write must pass over it.
        var text = $"host=127.0.0.1,127.0.0.1 port={P(_clusters.ReadOnly.Port)},{P(_clusters.Writable.Port)} user=postgres password={LocalCluster.SuperuserPassword} dbname=postgres sslmode=disable";
        var env = NoEnvironment();
        env["PGTARGETSESSIONATTRS"] = attrs;
        var spec = ConnectionResolver.Resolve(text, env.GetValueOrDefault);
        Assert.Equal(attrs, spec.TargetSessionAttrs);

        if (expected is not null)
        {
            Assert.Equal(expected, (await ClientConformanceTests.BothAsync(spec, "SELECT name FROM whoami")).Single());
            return;
        }

        var npgsql = await ClientConformanceTests.ViaNpgsqlAsync(spec);
        var wire = await ClientConformanceTests.ViaWireAsync(spec);
        Assert.NotNull(npgsql);
        Assert.NotNull(wire);
        Assert.Equal(npgsql.Message, wire.Message);
        Assert.Contains("the server is not in hot standby mode (target_session_attrs=standby)", wire.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dump_with_target_session_attrs_read_write_dumps_the_writable_server_with_parallel_workers()
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-hosts-").FullName;
        var file = Path.Combine(dir, "hosts.sql");
        var url = $"postgresql://postgres:{LocalCluster.SuperuserPassword}@127.0.0.1:{P(DeadPort())},127.0.0.1:{P(_clusters.ReadOnly.Port)},127.0.0.1:{P(_clusters.Writable.Port)}/postgres?sslmode=disable&target_session_attrs=read-write";

        var result = await PgSnapCli.Default.RunAsync(["dump", "-d", url, "-j", "2", "-f", file, "-q"]);

        Assert.True(result.ExitCode == 0, result.StdErr);
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains("writable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("read-only", text, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A port on which nothing listens.</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
