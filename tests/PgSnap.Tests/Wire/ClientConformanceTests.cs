using Npgsql;
using PgSnap.Connection;
using PgSnap.Data.Wire;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>
/// The two clients a dump uses (Npgsql for the catalog, the wire client for COPY OUT) must agree on every login:
/// each auth method and sslmode against one real TLS cluster, through both, with the same outcome (connected, or
/// refused with the same error kind and SQLSTATE) and, when the server refused, the same one-line message.
/// </summary>
public sealed class ClientConformanceTests : IClassFixture<TlsClusterFixture>
{
    private readonly TlsClusterFixture _cluster;

    public ClientConformanceTests(TlsClusterFixture cluster)
    {
        _cluster = cluster;
    }

    public static TheoryData<string, string, string, string?, string?, bool> Logins => new()
    {
        // case, host, sslmode, user (null: postgres), password (null: none; "*": the right one), succeeds
        { "trust", "127.0.0.1", "disable", TlsClusterFixture.TrustUser, null, true },
        { "cleartext password", "127.0.0.1", "require", TlsClusterFixture.ClearUser, "*", true },
        { "cleartext password, wrong", "127.0.0.1", "require", TlsClusterFixture.ClearUser, "wrong-clear-guess", false },
        { "md5", "127.0.0.1", "disable", TlsClusterFixture.Md5User, "*", true },
        { "md5, wrong", "127.0.0.1", "disable", TlsClusterFixture.Md5User, "wrong-md5-guess", false },
        { "scram, non-ASCII password", "127.0.0.1", "disable", TlsClusterFixture.UnicodeUser, "*", true },
        { "scram-plus, non-ASCII password", "127.0.0.1", "require", TlsClusterFixture.UnicodeUser, "*", true },
        { "scram, wrong non-ASCII password", "127.0.0.1", "require", TlsClusterFixture.UnicodeUser, "pässwörd-Ωμέγα-密?", false },
        { "sslmode=allow", "127.0.0.1", "allow", null, "*", true },
        { "sslmode=prefer", "127.0.0.1", "prefer", null, "*", true },
        { "sslmode=require", "127.0.0.1", "require", null, "*", true },
        { "sslmode=verify-ca", "127.0.0.1", "verify-ca", null, "*", true },
        { "sslmode=verify-full, named host", "localhost", "verify-full", null, "*", true },
        { "sslmode=verify-full, other name", "127.0.0.1", "verify-full", null, "*", false },
    };

    [Theory]
    [MemberData(nameof(Logins))]
    public async Task Both_clients_reach_the_same_outcome(string login, string host, string sslMode, string? user, string? password, bool succeeds)
    {
        var spec = Spec(host, sslMode, user, password, _cluster.CaCertificate);
        var npgsql = await ViaNpgsqlAsync(spec);
        var wire = await ViaWireAsync(spec);

        Assert.True(succeeds == (npgsql is null), $"{login}: Npgsql {(npgsql is null ? "connected" : "failed: " + npgsql.Message)}");
        Assert.True(succeeds == (wire is null), $"{login}: the wire client {(wire is null ? "connected" : "failed: " + wire.Message)}");
        if (!succeeds)
        {
            Assert.Equal(npgsql!.Kind, wire!.Kind);
            Assert.Equal(npgsql.SqlState, wire.SqlState);
            if (npgsql.SqlState is not null)
            {
                Assert.Equal(npgsql.Message, wire.Message);
            }

            if (password is not null and not "*")
            {
                Assert.DoesNotContain(password, npgsql.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(password, wire.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_pg_hba_refusal_without_tls_gives_both_clients_the_same_message_and_hint()
    {
        var spec = Spec("127.0.0.1", "disable", null, "*", null) with { Database = TlsClusterFixture.TlsOnlyDatabase };
        var npgsql = await ViaNpgsqlAsync(spec);
        var wire = await ViaWireAsync(spec);

        Assert.NotNull(npgsql);
        Assert.NotNull(wire);
        Assert.Equal("28000", npgsql.SqlState);
        Assert.Equal(npgsql.Message, wire.Message);
        Assert.Contains("use sslmode=require", wire.Message, StringComparison.Ordinal);
    }

    private ConnectionSpec Spec(string host, string sslMode, string? user, string? password, string? rootCert) =>
        _cluster.Spec(host, sslMode, user ?? "postgres", password == "*" ? RightPassword(user) : password, rootCert);

    private static string? RightPassword(string? user) => user switch
    {
        TlsClusterFixture.ClearUser => TlsClusterFixture.ClearPassword,
        TlsClusterFixture.Md5User => TlsClusterFixture.Md5Password,
        TlsClusterFixture.UnicodeUser => TlsClusterFixture.UnicodePassword,
        TlsClusterFixture.TrustUser => null,
        _ => LocalCluster.SuperuserPassword,
    };

    /// <summary>Null when Npgsql connected; else its error.</summary>
    private static async Task<PgSnapException?> ViaNpgsqlAsync(ConnectionSpec spec)
    {
        try
        {
            await using var dataSource = DataSourceFactory.Create(spec);
            await using var connection = await DataSourceFactory.OpenAsync(dataSource, spec, CancellationToken.None);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return null;
        }
        catch (PgSnapException ex)
        {
            return ex;
        }
    }

    /// <summary>Null when the wire client connected; else its error.</summary>
    private static async Task<PgSnapException?> ViaWireAsync(ConnectionSpec spec)
    {
        try
        {
            await using var session = await WireCopyOutSession.OpenAsync(spec, CancellationToken.None);
            return null;
        }
        catch (PgSnapException ex)
        {
            return ex;
        }
    }
}
