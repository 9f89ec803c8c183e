using System.Globalization;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>
/// A throwaway cluster of its own (the shared one has no TLS and only SCRAM): ssl=on with a server
/// certificate for <c>localhost</c> signed by a test CA, and pg_hba lines that make <c>md5_user</c> log in
/// with MD5, <c>clear_user</c> with a cleartext password, <c>trust_user</c> with none (trust), everyone else with
/// SCRAM (<c>unicode_user</c> has a non-ASCII password).
/// </summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    public const string Md5User = "md5_user";
    public const string Md5Password = "md5-secret-pw";
    public const string ClearUser = "clear_user";
    public const string ClearPassword = "clear-secret-pw";
    public const string TrustUser = "trust_user";
    public const string UnicodeUser = "unicode_user";

    /// <summary>A SCRAM password outside ASCII (composed letters, Greek, a CJK ideograph): the clients must send its UTF-8.</summary>
    public const string UnicodePassword = "pässwörd-Ωμέγα-密";

    /// <summary>A database that pg_hba lets in over TLS only (hostssl), as hosted servers such as Supabase do.</summary>
    public const string TlsOnlyDatabase = "tls_only";

    private LocalCluster? _cluster;
    private string? _certDirectory;

    public int Port => _cluster!.Port;

    /// <summary>PEM file of the CA that signed the server certificate.</summary>
    public string CaCertificate => Path.Combine(_certDirectory!, "ca.crt");

    /// <summary>PEM file of a CA that signed nothing the server uses.</summary>
    public string OtherCaCertificate => Path.Combine(_certDirectory!, "other-ca.crt");

    public ConnectionSpec Spec(string host, string sslMode, string user = "postgres", string? password = LocalCluster.SuperuserPassword, string? rootCert = null) => new()
    {
        Host = host,
        Port = Port,
        User = user,
        Password = password,
        Database = "postgres",
        SslMode = sslMode,
        SslRootCert = rootCert,
    };

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(PostgresBinaries.BinDirectory);
        _certDirectory = Path.Combine(Path.GetTempPath(), "pgsnap-wire-certs-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_certDirectory);
        await MakeCertificatesAsync(_certDirectory);

        File.Copy(Path.Combine(_certDirectory, "server.crt"), Path.Combine(_cluster.DataDirectory, "server.crt"));
        File.Copy(Path.Combine(_certDirectory, "server.key"), Path.Combine(_cluster.DataDirectory, "server.key"));
        await File.WriteAllTextAsync(Path.Combine(_cluster.DataDirectory, "pg_hba.conf"), $"""
            local all all trust
            hostnossl {TlsOnlyDatabase} all 127.0.0.1/32 reject
            hostssl {TlsOnlyDatabase} all 127.0.0.1/32 scram-sha-256
            host all {Md5User} 127.0.0.1/32 md5
            host all {ClearUser} 127.0.0.1/32 password
            host all {TrustUser} 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256

            """);
        if (LocalCluster.IsRoot)
        {
            await CheckedAsync("chown", "postgres:postgres", Path.Combine(_cluster.DataDirectory, "server.crt"), Path.Combine(_cluster.DataDirectory, "server.key"), Path.Combine(_cluster.DataDirectory, "pg_hba.conf"));
        }

        await CheckedAsync("chmod", "600", Path.Combine(_cluster.DataDirectory, "server.key"));

        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Password = LocalCluster.SuperuserPassword,
            Database = "postgres",
            SslMode = SslMode.Disable,
            Pooling = false,
        }.ConnectionString;
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            // One statement per command: ALTER SYSTEM refuses to run inside Npgsql's implicit batch transaction.
            string[] setup =
            [
                "SET password_encryption = 'md5'",
                $"CREATE ROLE {Md5User} LOGIN PASSWORD '{Md5Password}'",
                "SET password_encryption = 'scram-sha-256'",
                $"CREATE ROLE {ClearUser} LOGIN PASSWORD '{ClearPassword}'",
                $"CREATE ROLE {TrustUser} LOGIN",
                $"CREATE ROLE {UnicodeUser} LOGIN PASSWORD '{UnicodePassword}'",
                "ALTER SYSTEM SET ssl = on",
                "ALTER SYSTEM SET ssl_cert_file = 'server.crt'",
                "ALTER SYSTEM SET ssl_key_file = 'server.key'",
                "SELECT pg_reload_conf()",
                $"CREATE DATABASE {TlsOnlyDatabase}",
                $"CREATE DATABASE {TlsOnlyDatabase}_copy",
            ];
            foreach (var sql in setup)
            {
                await using var cmd = new NpgsqlCommand(sql, conn);
                await cmd.ExecuteNonQueryAsync();
            }
        }

        // The postmaster applies the reload asynchronously; new backends see ssl=on once it has.
        for (var i = 0; i < 100; i++)
        {
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT current_setting('ssl')", conn);
            if ((string?)await cmd.ExecuteScalarAsync() == "on")
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the TLS test cluster did not turn ssl on");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_certDirectory is not null)
        {
            Directory.Delete(_certDirectory, recursive: true);
        }
    }

    private static async Task MakeCertificatesAsync(string dir)
    {
        string P(string name) => Path.Combine(dir, name);
        await File.WriteAllTextAsync(P("server.ext"), "subjectAltName=DNS:localhost\n");
        await CheckedAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("ca.key"), "-out", P("ca.crt"), "-days", "2", "-subj", "/CN=pgsnap test CA");
        await CheckedAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("other-ca.key"), "-out", P("other-ca.crt"), "-days", "2", "-subj", "/CN=pgsnap other CA");
        await CheckedAsync("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("server.key"), "-out", P("server.csr"), "-subj", "/CN=localhost");
        await CheckedAsync("openssl", "x509", "-req", "-in", P("server.csr"), "-CA", P("ca.crt"), "-CAkey", P("ca.key"), "-CAcreateserial",
            "-out", P("server.crt"), "-days", "2", "-sha256", "-extfile", P("server.ext"));
    }

    private static async Task CheckedAsync(string program, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(program, args, timeout: TimeSpan.FromMinutes(1));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({result.ExitCode.ToString(CultureInfo.InvariantCulture)}): {result.StdErr}");
        }
    }
}
