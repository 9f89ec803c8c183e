using PgSnap.Connection;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests;

public sealed class ConnectionTests
{
    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Url_with_every_part_is_parsed()
    {
        var spec = ConnectionStringParser.Parse("postgresql://alice:s%40cret@db.example.com:6543/app?sslmode=require&application_name=x");
        Assert.Equal("alice", spec.User);
        Assert.Equal("s@cret", spec.Password);
        Assert.Equal("db.example.com", spec.Host);
        Assert.Equal(6543, spec.Port);
        Assert.Equal("app", spec.Database);
        Assert.Equal("require", spec.SslMode);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Key_value_string_with_quoted_values_is_parsed()
    {
        var spec = ConnectionStringParser.Parse("host=localhost port=5433 dbname='my db' user=bob password='it\\'s' sslmode=verify-full");
        Assert.Equal("localhost", spec.Host);
        Assert.Equal(5433, spec.Port);
        Assert.Equal("my db", spec.Database);
        Assert.Equal("it's", spec.Password);
        Assert.Equal("verify-full", spec.SslMode);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Invalid_sslmode_is_refused_without_echoing_the_string()
    {
        var ex = Assert.Throws<PgSnapException>(() => ConnectionStringParser.Parse("postgresql://u:topsecret@h/db?sslmode=bogus"));
        Assert.Equal(PgSnapErrorKind.Usage, ex.Kind);
        Assert.DoesNotContain("topsecret", ex.Message, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Environment_fills_what_the_url_lacks()
    {
        var env = new Dictionary<string, string?>
        {
            ["PGHOST"] = "envhost",
            ["PGPORT"] = "7777",
            ["PGUSER"] = "envuser",
            ["PGDATABASE"] = "envdb",
            ["PGPASSWORD"] = "envpw",
            ["PGSSLMODE"] = "require",
            ["PGPASSFILE"] = "/nonexistent",
        };
        var spec = ConnectionResolver.Resolve("postgresql://urluser@/urldb", k => env.GetValueOrDefault(k));
        Assert.Equal("envhost", spec.Host);
        Assert.Equal(7777, spec.Port);
        Assert.Equal("urluser", spec.User);
        Assert.Equal("urldb", spec.Database);
        Assert.Equal("envpw", spec.Password);
        Assert.Equal("require", spec.SslMode);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Pgpass_supplies_the_password_and_honours_wildcards_and_escapes()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\nother:5432:*:*:nope\ndbhost:*:app:carol:pa\\:ss\n*:*:*:*:fallback\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var env = new Dictionary<string, string?> { ["PGPASSFILE"] = file };
            var spec = ConnectionResolver.Resolve("host=dbhost dbname=app user=carol", k => env.GetValueOrDefault(k));
            Assert.Equal("pa:ss", spec.Password);
            var other = ConnectionResolver.Resolve("host=x dbname=y user=z", k => env.GetValueOrDefault(k));
            Assert.Equal("fallback", other.Password);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Pgpass_readable_by_others_is_ignored_with_a_warning()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "*:*:*:*:leaky\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var env = new Dictionary<string, string?> { ["PGPASSFILE"] = file };
            var warnings = new List<string>();
            var spec = ConnectionResolver.Resolve("host=h dbname=d user=u", k => env.GetValueOrDefault(k), warnings.Add);
            Assert.Null(spec.Password);
            Assert.Single(warnings);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Redactor_hides_url_passwords_and_key_value_passwords()
    {
        var text = SecretRedactor.Redact("postgresql://u:hunter2@h/db and host=h password='hunter2' and password=abc and postgresq:/u:typo2@h/db");
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("typo2", text, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Redactor_leaves_ordinary_words_alone_whatever_the_password()
    {
        // It used to mask every occurrence of the known password, so "postgres" or "a" mangled the message.
        const string Line = "cannot connect to postgres@localhost:5432/app: password authentication failed for user \"postgres\"";
        Assert.Equal(Line, SecretRedactor.Redact(Line));
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public void Spec_description_never_contains_the_password()
    {
        var spec = ConnectionStringParser.Parse("postgresql://u:sup3rsecret@h:5432/db");
        Assert.DoesNotContain("sup3rsecret", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sup3rsecret", spec.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_gives_one_line_connection_error_without_the_password()
    {
        var server = await TestServer.GetAsync();
        var url = $"postgresql://{server.User}:Wr0ngPassw0rdXyz@{server.Host}:{server.Port}/postgres?sslmode=disable";
        var spec = ConnectionResolver.Resolve(url);
        await using var ds = DataSourceFactory.Create(spec);
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => DataSourceFactory.OpenAsync(ds, spec, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.DoesNotContain("Wr0ngPassw0rdXyz", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("28P01", ex.Message, StringComparison.Ordinal);
    }

    [Trait(TestTier.Name, TestTier.Fast)]
    [Fact]
    public async Task Refused_port_gives_connection_error()
    {
        var spec = ConnectionResolver.Resolve("postgresql://u:pw@127.0.0.1:1/db?sslmode=disable&connect_timeout=3");
        await using var ds = DataSourceFactory.Create(spec);
        var ex = await Assert.ThrowsAsync<PgSnapException>(() => DataSourceFactory.OpenAsync(ds, spec, CancellationToken.None));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correct_url_connects_to_the_test_server()
    {
        var server = await TestServer.GetAsync();
        var spec = ConnectionResolver.Resolve(server.AdminUrl);
        await using var ds = DataSourceFactory.Create(spec);
        await using var conn = await DataSourceFactory.OpenAsync(ds, spec, CancellationToken.None);
        Assert.True(conn.PostgreSqlVersion.Major >= 13);
    }
}
