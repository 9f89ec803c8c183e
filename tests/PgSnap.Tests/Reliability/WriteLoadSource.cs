using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Reliability;

/// <summary>One pgbench database at scale 10 (a million accounts, ~130 MB) shared by the write-load tests.</summary>
public sealed class WriteLoadSource : IAsyncLifetime
{
    public const int Scale = 10;

    internal TestServer Server { get; private set; } = null!;

    internal string Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.GetAsync();
        Database = await Server.CreateDatabaseAsync("pgbench_load");
        await PgbenchLoad.InitializeAsync(Server, Database, Scale);
    }

    public async Task DisposeAsync() => await Server.DropDatabaseAsync(Database);
}
