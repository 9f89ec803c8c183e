using System.Globalization;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Restore.Target;

namespace PgSnap.Drill;

/// <summary>
/// The database a drill restores into: either one pgsnap creates on the scratch server
/// (<c>pgsnap_drill_{yyyyMMdd}_{HHmmss}_{random}</c>) and drops afterwards, or the URL's own database when the user
/// names it with --use-database, which must then be empty and is never dropped. A URL naming a database that does
/// not exist yet makes that database the scratch one: created, and dropped afterwards.
/// </summary>
internal sealed class ScratchDatabase
{
    private readonly ConnectionSpec _server;

    private ScratchDatabase(ConnectionSpec server, string name, bool created)
    {
        _server = server;
        Name = name;
        Created = created;
    }

    public string Name { get; }

    /// <summary>True when pgsnap created it (and may drop it).</summary>
    public bool Created { get; }

    /// <summary>The connection to the scratch database itself.</summary>
    public ConnectionSpec Spec => _server with { Database = Name };

    public static async Task<ScratchDatabase> CreateAsync(ConnectionSpec server, DateTimeOffset now, CancellationToken ct)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"pgsnap_drill_{now.UtcDateTime:yyyyMMdd_HHmmss}_{Random.Shared.Next(0x10000):x4}");
        await using var dataSource = DataSourceFactory.Create(server, "pgsnap drill");
        NpgsqlConnection opened;
        try
        {
            opened = await DataSourceFactory.OpenAsync(dataSource, server, ct).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (ex.SqlState == "3D000" && server.Database is { Length: > 0 } named)
        {
            // The URL names a database that does not exist yet: that one is the scratch database, created (on the
            // maintenance database) and dropped like the generated one.
            await Restore.TargetDatabase.CreateAsync(server, "pgsnap drill", ct).ConfigureAwait(false);
            return new ScratchDatabase(server, named, created: true);
        }

        await using var connection = opened;
        try
        {
            // A UTF8 database takes any archive (they set client_encoding UTF8); template0 so that nothing of a
            // customised template1 leaks into the comparison.
            await connection.ExecuteStatementAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == "22023")
        {
            // The server's default locale cannot do UTF8: take its own encoding.
            await connection.ExecuteStatementAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0", ct).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"cannot create the scratch database {name} on {server.Describe()}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex) { SqlState = ex.SqlState };
        }

        return new ScratchDatabase(server, name, created: true);
    }

    /// <summary>Uses the URL's database as it is; refuses (exit 6) when it already holds user objects.</summary>
    public static async Task<ScratchDatabase> UseExistingAsync(ConnectionSpec server, CancellationToken ct)
    {
        var name = server.Database ?? throw new PgSnapException(PgSnapErrorKind.Usage, "--use-database needs a database in --scratch-url");
        await using var dataSource = DataSourceFactory.Create(server, "pgsnap drill");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, server, ct).ConfigureAwait(false);
        var objects = await DatabaseContents.CountUserObjectsAsync(connection, ct).ConfigureAwait(false);
        if (objects > 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"the scratch database {name} is not empty ({objects} user object(s)); a drill needs an empty database: drop it or leave out --use-database so pgsnap creates one");
        }

        return new ScratchDatabase(server, name, created: false);
    }

    /// <summary>Drops the database if pgsnap created it (terminating any session still in it).</summary>
    public async Task DropAsync(CancellationToken ct)
    {
        if (!Created)
        {
            return;
        }

        await Restore.TargetDatabase.DropAsync(Spec, "pgsnap drill", ct).ConfigureAwait(false);
    }

}
