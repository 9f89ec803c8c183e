using Npgsql;

namespace PgSnap.Connection;

/// <summary>One statement without parameters or result on an open connection: the one home of that idiom.</summary>
internal static class ConnectionCommands
{
    /// <summary>Runs <paramref name="sql"/> (one or several statements, simple protocol) and waits for it.</summary>
    public static async Task ExecuteStatementAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
