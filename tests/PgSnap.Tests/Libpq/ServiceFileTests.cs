using System.Globalization;
using PgSnap.Connection;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Wire;
using Xunit;

namespace PgSnap.Tests.Libpq;

/// <summary>
/// Connection service files as libpq reads them: <c>service=</c> in key=value or URL, PGSERVICE, PGSERVICEFILE,
/// ~/.pg_service.conf, then PGSYSCONFDIR/pg_service.conf; the connection string's own settings win over the service's,
/// and the service's win over the PG* environment. Each spec then connects to the shared test server through both clients.
/// </summary>
public sealed class ServiceFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pgsnap-service-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(TestServer Server, string Db)> WriteServiceAsync(string file, string name)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("svc");
        await File.WriteAllTextAsync(file, $"""
            # services for the tests
            [other]
            dbname=postgres

            [{name}]
            host={server.Host}
            port={server.Port.ToString(CultureInfo.InvariantCulture)}
            user={server.User}
            password={server.Password}
            dbname={db}
            sslmode=disable
            """);
        return (server, db);
    }

    [Fact]
    public async Task Service_in_key_value_url_and_PGSERVICE_reads_PGSERVICEFILE()
    {
        var file = Path.Combine(_dir, "services.conf");
        var (_, db) = await WriteServiceAsync(file, "app");
        var env = new Dictionary<string, string?> { ["PGSERVICEFILE"] = file, ["PGSYSCONFDIR"] = _dir + "/none", ["PGPASSFILE"] = "/nonexistent", ["PGDATABASE"] = "postgres" };

        foreach (var text in new[] { "service=app", "postgresql://?service=app", null })
        {
            var withService = new Dictionary<string, string?>(env) { ["PGSERVICE"] = text is null ? "app" : null };
            var spec = ConnectionResolver.Resolve(text, withService.GetValueOrDefault);
            // The service's dbname wins over PGDATABASE.
            Assert.Equal(db, (await ClientConformanceTests.BothAsync(spec, "SELECT current_database()")).Single());
        }

        // The connection string's own dbname wins over the service's.
        var overridden = ConnectionResolver.Resolve("service=app dbname=postgres", env.GetValueOrDefault);
        Assert.Equal("postgres", (await ClientConformanceTests.BothAsync(overridden, "SELECT current_database()")).Single());
    }

    [Fact]
    public async Task The_home_file_comes_first_then_the_system_file()
    {
        var home = Path.Combine(_dir, "home");
        var sys = Path.Combine(_dir, "etc");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(sys);
        var (_, db) = await WriteServiceAsync(Path.Combine(sys, "pg_service.conf"), "sysonly");
        await File.WriteAllTextAsync(Path.Combine(home, ".pg_service.conf"), "[unrelated]\ndbname=postgres\n");
        var env = new Dictionary<string, string?> { ["HOME"] = home, ["PGSYSCONFDIR"] = sys, ["PGPASSFILE"] = "/nonexistent" };

        var spec = ConnectionResolver.Resolve("service=sysonly", env.GetValueOrDefault);
        Assert.Equal(db, (await ClientConformanceTests.BothAsync(spec, "SELECT current_database()")).Single());

        // The same name in the home file hides the system one.
        await File.AppendAllTextAsync(Path.Combine(home, ".pg_service.conf"), "[sysonly]\nport=1\n");
        Assert.Equal(1, ConnectionResolver.Resolve("service=sysonly", env.GetValueOrDefault).Port);

        var missing = Assert.Throws<PgSnapException>(() => ConnectionResolver.Resolve("service=nowhere", env.GetValueOrDefault));
        Assert.Equal(PgSnapErrorKind.Usage, missing.Kind);
        Assert.Contains("definition of service \"nowhere\" not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pgsnap_dump_takes_a_service_name_as_pg_dump_does()
    {
        var file = Path.Combine(_dir, "services.conf");
        var (server, db) = await WriteServiceAsync(file, "cli");
        await server.ExecuteAsync(db, "CREATE TABLE from_service (id int)");
        var output = Path.Combine(_dir, "svc.sql");

        var result = await PgSnapCli.Default.RunAsync(["dump", "-d", "service=cli", "-f", output, "-q"], environment: new Dictionary<string, string?> { ["PGSERVICEFILE"] = file });

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("CREATE TABLE public.from_service", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
    }
}
