using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>
/// A throwaway cluster of its own (the shared one has no TLS and only SCRAM): ssl=on with a server
/// certificate for <c>localhost</c> signed by a test CA, and pg_hba lines that make <c>md5_user</c> log in
/// with MD5, <c>clear_user</c> with a cleartext password, <c>trust_user</c> with none (trust), everyone else with
/// SCRAM (<c>unicode_user</c> has a non-ASCII password), and <c>cert_user</c> by client certificate only
/// (<c>hostssl … cert</c>, the test CA as ssl_ca_file). Client certificate files (plain and encrypted key) and
/// certificate revocation lists (none revoked, the server's revoked, one of another CA) are made next to the CA.
/// </summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    public const string Md5User = "md5_user";
    public const string Md5Password = "md5-secret-pw";
    public const string ClearUser = "clear_user";
    public const string ClearPassword = "clear-secret-pw";
    public const string TrustUser = "trust_user";
    public const string UnicodeUser = "unicode_user";
    public const string CertUser = "cert_user";
    public const string PreparedUser = "saslprep_user";
    public const string KeyPassphrase = "key-passphrase-pw";

    /// <summary>A SCRAM password outside ASCII (composed letters, Greek, a CJK ideograph): the clients must send its UTF-8.</summary>
    public const string UnicodePassword = "pässwörd-Ωμέγα-密";

    /// <summary>
    /// A SCRAM password that SASLprep changes (a soft hyphen, a roman numeral, a ligature, a full-width letter): the
    /// server stores the verifier of "IX-IX-fi-P", so a client must prepare the password as the server did.
    /// </summary>
    public const string PreparedPassword = "I\u00ADX-\u2168-\uFB01-\uFF30";

    /// <summary>A database that pg_hba lets in over TLS only (hostssl), as hosted servers such as Supabase do.</summary>
    public const string TlsOnlyDatabase = "tls_only";

    private LocalCluster? _cluster;
    private string? _certDirectory;

    public int Port => _cluster!.Port;

    /// <summary>The cluster's Unix socket directory (local connections are trusted).</summary>
    public string SocketDirectory => _cluster!.SocketDirectory;

    /// <summary>Client certificate of <see cref="CertUser"/>, signed by the test CA, and its unencrypted key (0600).</summary>
    public string ClientCertificate => Path.Combine(_certDirectory!, "client.crt");

    public string ClientKey => Path.Combine(_certDirectory!, "client.key");

    /// <summary>The same key, encrypted (PKCS#8) with <see cref="KeyPassphrase"/>.</summary>
    public string EncryptedClientKey => Path.Combine(_certDirectory!, "client-enc.key");

    /// <summary>A CRL of the test CA that revokes nothing.</summary>
    public string EmptyCrl => Path.Combine(_certDirectory!, "empty.crl");

    /// <summary>A CRL of the test CA that revokes the server's certificate.</summary>
    public string RevokingCrl => Path.Combine(_certDirectory!, "revoked.crl");

    /// <summary>A CRL of the other CA (none for the server certificate's issuer).</summary>
    public string OtherCaCrl => Path.Combine(_certDirectory!, "other.crl");

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
        File.Copy(Path.Combine(_certDirectory, "ca.crt"), Path.Combine(_cluster.DataDirectory, "ca.crt"));
        await File.WriteAllTextAsync(Path.Combine(_cluster.DataDirectory, "pg_hba.conf"), $"""
            local all all trust
            hostssl all {CertUser} 127.0.0.1/32 cert
            hostnossl {TlsOnlyDatabase} all 127.0.0.1/32 reject
            hostssl {TlsOnlyDatabase} all 127.0.0.1/32 scram-sha-256
            host all {Md5User} 127.0.0.1/32 md5
            host all {ClearUser} 127.0.0.1/32 password
            host all {TrustUser} 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256

            """);
        if (LocalCluster.IsRoot)
        {
            await CheckedAsync("chown", "postgres:postgres", Path.Combine(_cluster.DataDirectory, "server.crt"), Path.Combine(_cluster.DataDirectory, "ca.crt"), Path.Combine(_cluster.DataDirectory, "server.key"), Path.Combine(_cluster.DataDirectory, "pg_hba.conf"));
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
                $"CREATE ROLE {CertUser} LOGIN",
                $"CREATE ROLE {PreparedUser} LOGIN PASSWORD '{PreparedPassword}'",
                "ALTER SYSTEM SET ssl_ca_file = 'ca.crt'",
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
        await CheckedAsync("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("client.key"), "-out", P("client.csr"), "-subj", "/CN=" + CertUser);
        await CheckedAsync("openssl", "x509", "-req", "-in", P("client.csr"), "-CA", P("ca.crt"), "-CAkey", P("ca.key"), "-CAcreateserial",
            "-out", P("client.crt"), "-days", "2", "-sha256");
        await CheckedAsync("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", P("client.key"), "-out", P("client-enc.key"), "-passout", "pass:" + KeyPassphrase);
        File.SetUnixFileMode(P("client.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(P("client-enc.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var server = X509CertificateLoader.LoadCertificateFromFile(P("server.crt"));
        WriteCrl(P("ca.crt"), P("ca.key"), P("empty.crl"), null);
        WriteCrl(P("ca.crt"), P("ca.key"), P("revoked.crl"), server);
        WriteCrl(P("other-ca.crt"), P("other-ca.key"), P("other.crl"), null);
    }

    /// <summary>A PEM CRL signed by the CA, revoking <paramref name="revoked"/> when given.</summary>
    private static void WriteCrl(string caCert, string caKey, string path, X509Certificate2? revoked)
    {
        using var ca = X509Certificate2.CreateFromPemFile(caCert, caKey);
        var builder = new CertificateRevocationListBuilder();
        if (revoked is not null)
        {
            builder.AddEntry(revoked, DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        var der = builder.Build(ca, BigInteger.One, DateTimeOffset.UtcNow.AddDays(2), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, DateTimeOffset.UtcNow.AddMinutes(-5));
        File.WriteAllText(path, PemEncoding.WriteString("X509 CRL", der));
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
