using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
        { "scram, a password SASLprep changes", "127.0.0.1", "disable", TlsClusterFixture.PreparedUser, "*", true },
        { "scram-plus, a password SASLprep changes", "127.0.0.1", "require", TlsClusterFixture.PreparedUser, "*", true },
        { "scram, the prepared form typed as it is", "127.0.0.1", "disable", TlsClusterFixture.PreparedUser, "IX-IX-fi-P", true },
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

    [Fact]
    public async Task A_client_certificate_from_the_environment_logs_in_through_both_and_no_certificate_is_refused_alike()
    {
        var env = CertEnvironment(_cluster.ClientKey);
        var spec = ConnectionResolver.Resolve(null, env.GetValueOrDefault);
        Assert.Equal(_cluster.ClientCertificate, spec.SslCert);

        Assert.Equal(TlsClusterFixture.CertUser, (await BothAsync(spec, "SELECT current_user")).Single());

        // Without the certificate the cert line of pg_hba refuses both the same way.
        env.Remove("PGSSLCERT");
        env.Remove("PGSSLKEY");
        var refused = ConnectionResolver.Resolve(null, env.GetValueOrDefault);
        var (npgsql, wire) = (await ViaNpgsqlAsync(refused), await ViaWireAsync(refused));
        Assert.NotNull(npgsql);
        Assert.NotNull(wire);
        Assert.Equal("28000", wire.SqlState);
        Assert.Equal(npgsql.Message, wire.Message);
        Assert.Contains("give sslcert and sslkey", wire.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_client_key_needs_sslpassword_in_both_clients()
    {
        var env = CertEnvironment(_cluster.EncryptedClientKey);
        var withPassword = ConnectionResolver.Resolve($"sslpassword={TlsClusterFixture.KeyPassphrase}", env.GetValueOrDefault);
        Assert.Equal(TlsClusterFixture.CertUser, (await BothAsync(withPassword, "SELECT current_user")).Single());

        var without = ConnectionResolver.Resolve(null, env.GetValueOrDefault);
        var (npgsql, wire) = (await ViaNpgsqlAsync(without), await ViaWireAsync(without));
        Assert.NotNull(npgsql);
        Assert.NotNull(wire);
        Assert.Equal(npgsql.Message, wire.Message);
        Assert.Contains("sslpassword", wire.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TlsClusterFixture.KeyPassphrase, wire.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", null)]
    [InlineData("revoked", "the server certificate is revoked (sslcrl)")]
    [InlineData("other", "sslcrl holds no certificate revocation list of the server certificate's issuer")]
    public async Task Sslcrl_is_checked_alike_by_both_clients(string crl, string? refusal)
    {
        var path = crl switch { "empty" => _cluster.EmptyCrl, "revoked" => _cluster.RevokingCrl, _ => _cluster.OtherCaCrl };
        var env = new Dictionary<string, string?> { ["PGSSLCRL"] = path, ["PGSSLROOTCERT"] = _cluster.CaCertificate, ["HOME"] = "/nonexistent" };
        var spec = ConnectionResolver.Resolve(
            $"host=localhost port={_cluster.Port} user=postgres password={LocalCluster.SuperuserPassword} dbname=postgres sslmode=verify-full", env.GetValueOrDefault);
        var (npgsql, wire) = (await ViaNpgsqlAsync(spec), await ViaWireAsync(spec));
        if (refusal is null)
        {
            Assert.Null(npgsql);
            Assert.Null(wire);
            return;
        }

        Assert.NotNull(npgsql);
        Assert.NotNull(wire);
        Assert.Equal(npgsql.Message, wire.Message);
        Assert.Contains(refusal, wire.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", "false")]
    [InlineData(TlsClusterFixture.TlsOnlyDatabase, "true")]
    public async Task Sslmode_allow_connects_without_tls_first_and_with_tls_only_when_the_server_refuses_plain(string database, string tls)
    {
        // pg_hba lets postgres in over plain TCP, and tls_only over TLS only (hostnossl … reject).
        var spec = Spec("127.0.0.1", "allow", null, "*", null) with { Database = database };

        Assert.Equal(tls, (await BothAsync(spec, "SELECT ssl::text FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()")).Single());
    }

    [Theory]
    [InlineData("empty", null)]
    [InlineData("revoked", "the server certificate is revoked (sslcrl)")]
    [InlineData("other", "sslcrl holds no certificate revocation list of the server certificate's issuer")]
    public async Task Sslcrldir_is_read_file_by_file_alike_by_both_clients(string crl, string? refusal)
    {
        var path = crl switch { "empty" => _cluster.EmptyCrl, "revoked" => _cluster.RevokingCrl, _ => _cluster.OtherCaCrl };
        var directory = Directory.CreateTempSubdirectory("pgsnap-crldir-").FullName;
        try
        {
            // A c_rehash-style name and a file that holds no CRL at all, which is passed over.
            File.Copy(path, Path.Combine(directory, "0a1b2c3d.r0"));
            await File.WriteAllTextAsync(Path.Combine(directory, "README"), "revocation lists for the test CA\n");
            var env = new Dictionary<string, string?> { ["PGSSLCRLDIR"] = directory, ["PGSSLROOTCERT"] = _cluster.CaCertificate, ["HOME"] = "/nonexistent" };
            var spec = ConnectionResolver.Resolve(
                $"host=localhost port={_cluster.Port} user=postgres password={LocalCluster.SuperuserPassword} dbname=postgres sslmode=verify-full", env.GetValueOrDefault);
            Assert.Equal(directory, spec.SslCrlDir);
            var (npgsql, wire) = (await ViaNpgsqlAsync(spec), await ViaWireAsync(spec));
            if (refusal is null)
            {
                Assert.Null(npgsql);
                Assert.Null(wire);
                return;
            }

            Assert.NotNull(npgsql);
            Assert.NotNull(wire);
            Assert.Equal(npgsql.Message, wire.Message);
            Assert.Contains(refusal, wire.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task PGAPPNAME_and_PGOPTIONS_reach_the_server_through_both_clients()
    {
        var env = new Dictionary<string, string?>
        {
            ["PGAPPNAME"] = "pgsnap-conformance-app",
            ["PGOPTIONS"] = "-c search_path=conformance_probe -c work_mem=7MB",
            ["PGPASSFILE"] = "/nonexistent",
        };
        var spec = ConnectionResolver.Resolve(
            $"host=127.0.0.1 port={_cluster.Port} user=postgres password={LocalCluster.SuperuserPassword} dbname=postgres sslmode=disable", env.GetValueOrDefault);

        var values = await BothAsync(spec, "SELECT application_name || '|' || current_setting('search_path') || '|' || current_setting('work_mem') FROM pg_stat_activity WHERE pid = pg_backend_pid()");

        Assert.Equal("pgsnap-conformance-app|conformance_probe|7MB", values.Single());
    }

    [Fact]
    public async Task PGCONNECT_TIMEOUT_bounds_a_server_that_never_answers_in_both_clients()
    {
        // The kernel completes the TCP handshake for the backlog, but nobody ever reads: the startup waits.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var env = new Dictionary<string, string?> { ["PGCONNECT_TIMEOUT"] = "2", ["PGPASSFILE"] = "/nonexistent" };
        var spec = ConnectionResolver.Resolve($"host=127.0.0.1 port={port} user=postgres password=x dbname=postgres sslmode=disable", env.GetValueOrDefault);
        Assert.Equal(2, spec.ConnectTimeoutSeconds);

        foreach (var client in new Func<ConnectionSpec, Task<PgSnapException?>>[] { ViaNpgsqlAsync, ViaWireAsync })
        {
            var clock = Stopwatch.StartNew();
            var error = await client(spec);
            Assert.NotNull(error);
            Assert.Equal(PgSnapErrorKind.Connection, error.Kind);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 10);
        }
    }

    [Fact]
    public async Task A_unix_socket_directory_works_as_host_and_as_the_default_for_both_clients()
    {
        var noEnv = new Dictionary<string, string?> { ["PGPASSFILE"] = "/nonexistent" };
        var asHost = ConnectionResolver.Resolve($"host={_cluster.SocketDirectory} port={_cluster.Port} user=postgres dbname=postgres", noEnv.GetValueOrDefault);
        Assert.Equal("unix", (await BothAsync(asHost, "SELECT coalesce(inet_server_addr()::text, 'unix')")).Single());

        // libpq's default host is the socket directory holding the port's socket (/var/run/postgresql, then /tmp).
        var link = Path.Combine("/tmp", ".s.PGSQL." + _cluster.Port.ToString(CultureInfo.InvariantCulture));
        File.CreateSymbolicLink(link, Path.Combine(_cluster.SocketDirectory, ".s.PGSQL." + _cluster.Port.ToString(CultureInfo.InvariantCulture)));
        try
        {
            var env = new Dictionary<string, string?> { ["PGPORT"] = _cluster.Port.ToString(CultureInfo.InvariantCulture), ["PGUSER"] = "postgres", ["PGDATABASE"] = "postgres", ["PGPASSFILE"] = "/nonexistent" };
            var byDefault = ConnectionResolver.Resolve(null, env.GetValueOrDefault);
            Assert.Equal("/tmp", byDefault.Host);
            Assert.Equal("unix", (await BothAsync(byDefault, "SELECT coalesce(inet_server_addr()::text, 'unix')")).Single());
        }
        finally
        {
            File.Delete(link);
        }
    }

    /// <summary>The PG* variables of a certificate login as cert_user (verify-full against localhost).</summary>
    private Dictionary<string, string?> CertEnvironment(string key) => new()
    {
        ["PGHOST"] = "localhost",
        ["PGPORT"] = _cluster.Port.ToString(CultureInfo.InvariantCulture),
        ["PGUSER"] = TlsClusterFixture.CertUser,
        ["PGDATABASE"] = "postgres",
        ["PGSSLMODE"] = "verify-full",
        ["PGSSLROOTCERT"] = _cluster.CaCertificate,
        ["PGSSLCERT"] = _cluster.ClientCertificate,
        ["PGSSLKEY"] = key,
        ["PGPASSFILE"] = "/nonexistent",
        ["HOME"] = "/nonexistent",
    };

    /// <summary>Runs a one-value query through both clients (each must connect) and returns both answers, which must agree.</summary>
    internal static async Task<IReadOnlyList<string>> BothAsync(ConnectionSpec spec, string sql)
    {
        string viaNpgsql;
        await using (var dataSource = DataSourceFactory.Create(spec))
        await using (var connection = await DataSourceFactory.OpenAsync(dataSource, spec, CancellationToken.None))
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            viaNpgsql = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
        }

        await using var session = await WireCopyOutSession.OpenAsync(spec, CancellationToken.None);
        var viaWire = Encoding.UTF8.GetString(await WireCopyOutSessionTests.CopyToBytesAsync(session, $"COPY ({sql}) TO STDOUT")).TrimEnd('\n');
        Assert.Equal(viaNpgsql, viaWire);
        return [viaWire];
    }

    private ConnectionSpec Spec(string host, string sslMode, string? user, string? password, string? rootCert) =>
        _cluster.Spec(host, sslMode, user ?? "postgres", password == "*" ? RightPassword(user) : password, rootCert);

    private static string? RightPassword(string? user) => user switch
    {
        TlsClusterFixture.ClearUser => TlsClusterFixture.ClearPassword,
        TlsClusterFixture.Md5User => TlsClusterFixture.Md5Password,
        TlsClusterFixture.UnicodeUser => TlsClusterFixture.UnicodePassword,
        TlsClusterFixture.PreparedUser => TlsClusterFixture.PreparedPassword,
        TlsClusterFixture.TrustUser => null,
        _ => LocalCluster.SuperuserPassword,
    };

    /// <summary>Null when Npgsql connected; else its error.</summary>
    internal static async Task<PgSnapException?> ViaNpgsqlAsync(ConnectionSpec spec)
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
    internal static async Task<PgSnapException?> ViaWireAsync(ConnectionSpec spec)
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
