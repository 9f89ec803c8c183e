using System.Text;
using Npgsql;
using PgSnap.Data.Wire;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>sslmode semantics and the MD5 / cleartext logins, on a TLS cluster of their own.</summary>
public sealed class WireTlsAndAuthTests : IClassFixture<TlsClusterFixture>
{
    private readonly TlsClusterFixture _cluster;

    public WireTlsAndAuthTests(TlsClusterFixture cluster)
    {
        _cluster = cluster;
    }

    [Fact]
    public async Task Md5_password_login_succeeds_and_a_wrong_one_fails_without_echoing_it()
    {
        await using (var session = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "disable", TlsClusterFixture.Md5User, TlsClusterFixture.Md5Password), CancellationToken.None))
        {
            Assert.Equal("md5", session.AuthenticationMethod);
            Assert.Equal(TlsClusterFixture.Md5User + "\n", await CopyAsync(session, "COPY (SELECT current_user) TO STDOUT"));
        }

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "disable", TlsClusterFixture.Md5User, "wrong-md5-guess"), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Equal("28P01", ex.SqlState);
        Assert.DoesNotContain("wrong-md5-guess", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleartext_password_login_succeeds_over_tls()
    {
        await using var session = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "require", TlsClusterFixture.ClearUser, TlsClusterFixture.ClearPassword), CancellationToken.None);
        Assert.True(session.IsTls);
        Assert.Equal("password", session.AuthenticationMethod);
        Assert.Equal(TlsClusterFixture.ClearUser + "\n", await CopyAsync(session, "COPY (SELECT current_user) TO STDOUT"));
    }

    [Fact]
    public async Task Sslmode_require_encrypts_with_any_certificate_and_scram_plus()
    {
        await using var session = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "require"), CancellationToken.None);
        Assert.True(session.IsTls);
        Assert.Equal("SCRAM-SHA-256-PLUS", session.AuthenticationMethod);
        Assert.Equal("t\n", await CopyAsync(session, "COPY (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) TO STDOUT"));
        var rows = await CopyAsync(session, "COPY (SELECT g, repeat('z', g % 100) FROM generate_series(1, 20000) g) TO STDOUT");
        Assert.Equal(20000, rows.Count(c => c == '\n'));
        Assert.EndsWith("20000\t\n", rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sslmode_prefer_uses_tls_when_the_server_has_it_and_disable_never_does()
    {
        await using (var preferred = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "prefer"), CancellationToken.None))
        {
            Assert.True(preferred.IsTls);
        }

        await using var plain = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "disable"), CancellationToken.None);
        Assert.False(plain.IsTls);
        Assert.Equal("SCRAM-SHA-256", plain.AuthenticationMethod);
        Assert.Equal("f\n", await CopyAsync(plain, "COPY (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) TO STDOUT"));
    }

    [Fact]
    public async Task Sslmode_verify_ca_accepts_the_root_from_sslrootcert_whatever_the_host_name()
    {
        await using var session = await WireCopyOutSession.OpenAsync(_cluster.Spec("127.0.0.1", "verify-ca", rootCert: _cluster.CaCertificate), CancellationToken.None);
        Assert.True(session.IsTls);
    }

    [Fact]
    public async Task Sslmode_verify_ca_refuses_a_certificate_from_another_root_or_unknown_to_the_system_store()
    {
        var other = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "verify-ca", rootCert: _cluster.OtherCaCertificate), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, other.Kind);
        Assert.Contains("sslrootcert", other.Message, StringComparison.Ordinal);

        var system = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "verify-ca"), CancellationToken.None));
        Assert.Contains("system store", system.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LocalCluster.SuperuserPassword, system.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sslmode_require_with_sslrootcert_verifies_the_chain_as_libpq_does()
    {
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "require", rootCert: _cluster.OtherCaCertificate), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
    }

    [Fact]
    public async Task Sslmode_verify_full_accepts_the_named_host_and_refuses_another_name()
    {
        await using (var session = await WireCopyOutSession.OpenAsync(_cluster.Spec("localhost", "verify-full", rootCert: _cluster.CaCertificate), CancellationToken.None))
        {
            Assert.True(session.IsTls);
        }

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "verify-full", rootCert: _cluster.CaCertificate), CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Contains("host name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_scram_password_over_tls_fails_without_echoing_it()
    {
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => WireCopyOutSession.OpenAsync(
            _cluster.Spec("127.0.0.1", "require", password: "scram-wrong-guess"), CancellationToken.None));
        Assert.Equal("28P01", ex.SqlState);
        Assert.DoesNotContain("scram-wrong-guess", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_requires_tls_refuses_sslmode_disable_with_the_hint_and_dumps_and_restores_with_require()
    {
        string Url(string database, string sslMode) =>
            $"postgresql://postgres:{Uri.EscapeDataString(LocalCluster.SuperuserPassword)}@127.0.0.1:{_cluster.Port}/{database}?sslmode={sslMode}";
        var source = TlsClusterFixture.TlsOnlyDatabase;
        await using (var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _cluster.Port,
            Username = "postgres",
            Password = LocalCluster.SuperuserPassword,
            Database = source,
            SslMode = SslMode.Require,
            Pooling = false,
        }.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TABLE public.calls (id int PRIMARY KEY, note text); INSERT INTO public.calls SELECT g, 'call ' || g FROM generate_series(1, 5000) g;", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var folder = Directory.CreateTempSubdirectory("pgsnap-tls-").FullName;
        try
        {
            var path = Path.Combine(folder, "tls.sql.gz");
            var refused = await Cli.PgSnapCli.Default.RunAsync(["dump", "--url", Url(source, "disable"), "-f", path]);
            Assert.Equal(3, refused.ExitCode);
            Assert.True(refused.StdErr.Contains("the server requires TLS: use sslmode=require", StringComparison.Ordinal), refused.StdErr);
            Assert.DoesNotContain(LocalCluster.SuperuserPassword, refused.StdErr, StringComparison.Ordinal);
            Assert.False(File.Exists(path));

            var dumped = await Cli.PgSnapCli.Default.RunAsync(["dump", "--url", Url(source, "require"), "-f", path, "-j", "2", "--quiet"]);
            Assert.True(dumped.ExitCode == 0, dumped.StdErr);
            var verified = await Cli.PgSnapCli.Default.RunAsync(["verify", path, "--require-table", "public.calls", "--require-rows"]);
            Assert.True(verified.ExitCode == 0, verified.StdErr + verified.StdOut);

            var target = source + "_copy";
            var restored = await Cli.PgSnapCli.Default.RunAsync(["restore", path, "--url", Url(target, "require"), "--quiet"]);
            Assert.True(restored.ExitCode == 0, restored.StdErr);
            var against = await Cli.PgSnapCli.Default.RunAsync(["verify", path, "--against", Url(target, "require")]);
            Assert.True(against.ExitCode == 0, against.StdErr + against.StdOut);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> CopyAsync(WireCopyOutSession session, string sql) =>
        Encoding.UTF8.GetString(await WireCopyOutSessionTests.CopyToBytesAsync(session, sql));
}
