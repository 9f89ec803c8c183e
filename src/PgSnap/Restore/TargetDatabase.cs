using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Restore;

/// <summary>
/// Creating the database a URL names (restore -C, drill --scratch-url naming a database that does not exist): the
/// statement runs on the server's maintenance database, since the target cannot be connected to before it exists.
/// </summary>
public static class TargetDatabase
{
    /// <summary>Where CREATE DATABASE runs: "postgres", else "template1" (a server without the postgres database).</summary>
    private static readonly string[] s_maintenance = ["postgres", "template1"];

    /// <summary>Whether the database of <paramref name="target"/> exists (asked on the maintenance database).</summary>
    public static async Task<bool> ExistsAsync(ConnectionSpec target, string applicationName, CancellationToken cancellationToken)
    {
        var name = NameOf(target);
        await using var maintenance = await OpenMaintenanceAsync(target, applicationName, cancellationToken).ConfigureAwait(false);
        var connection = maintenance.Connection;
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Creates the database of <paramref name="target"/> from template0 in UTF8 (the server's own encoding when its
    /// locale cannot do UTF8). An existing database is an error (exit 6): -C never restores into one by accident.
    /// </summary>
    /// <param name="target">Names the database to create.</param>
    /// <param name="applicationName">The maintenance session's application_name.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <param name="role">
    /// restore --role: CREATE DATABASE runs after SET ROLE, so the new database is owned by that role (as pg_restore
    /// -C --role does); null: by the login user.
    /// </param>
    public static async Task CreateAsync(ConnectionSpec target, string applicationName, CancellationToken cancellationToken, string? role = null)
    {
        var name = NameOf(target);
        await using var maintenance = await OpenMaintenanceAsync(target, applicationName, cancellationToken).ConfigureAwait(false);
        var connection = maintenance.Connection;
        if (role is not null)
        {
            await connection.ExecuteStatementAsync("SET ROLE \"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", cancellationToken).ConfigureAwait(false);
        }

        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        try
        {
            try
            {
                await connection.ExecuteStatementAsync($"CREATE DATABASE {quoted} TEMPLATE template0 ENCODING 'UTF8'", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == "22023")
            {
                await connection.ExecuteStatementAsync($"CREATE DATABASE {quoted} TEMPLATE template0", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == "42P04")
        {
            throw new PgSnapException(PgSnapErrorKind.Refused, $"database \"{name}\" already exists: leave out -C/--create to restore into it") { SqlState = ex.SqlState };
        }
        catch (PostgresException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"cannot create database \"{name}\" on {target.Describe()}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex) { SqlState = ex.SqlState };
        }
    }

    /// <summary>Drops the database of <paramref name="target"/> (terminating sessions still in it).</summary>
    public static async Task DropAsync(ConnectionSpec target, string applicationName, CancellationToken cancellationToken)
    {
        var name = NameOf(target);
        await using var maintenance = await OpenMaintenanceAsync(target, applicationName, cancellationToken).ConfigureAwait(false);
        var connection = maintenance.Connection;
        await connection.ExecuteStatementAsync($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    private static string NameOf(ConnectionSpec target) =>
        target.Database is { Length: > 0 } name ? name : throw new PgSnapException(PgSnapErrorKind.Usage, "the URL names no database to create: add it as the URL's path (…/dbname)");

    private static async Task<Maintenance> OpenMaintenanceAsync(ConnectionSpec target, string applicationName, CancellationToken cancellationToken)
    {
        PgSnapException? last = null;
        foreach (var database in s_maintenance.Where(m => m != target.Database))
        {
            var spec = target with { Database = database };
            var dataSource = DataSourceFactory.Create(spec, applicationName);
            try
            {
                return new Maintenance(dataSource, await DataSourceFactory.OpenAsync(dataSource, spec, cancellationToken).ConfigureAwait(false));
            }
            catch (PgSnapException ex) when (ex.SqlState == "3D000")
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
                last = ex;
            }
            catch
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        throw last ?? new PgSnapException(PgSnapErrorKind.Connection, "no maintenance database (postgres or template1) to connect to");
    }

    /// <summary>A connection to the maintenance database with the data source it came from (disposed together).</summary>
    private sealed class Maintenance(NpgsqlDataSource dataSource, NpgsqlConnection connection) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

}
