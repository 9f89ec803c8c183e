using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Data;

/// <summary>Opens <see cref="NpgsqlCopyOutSession"/>s from a data source.</summary>
public sealed class NpgsqlCopyOutSessionFactory(NpgsqlDataSource dataSource, ConnectionSpec spec) : ICopyOutSessionFactory
{
    public string Name => "npgsql";

    public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSourceFactory.OpenAsync(dataSource, spec, cancellationToken).ConfigureAwait(false);
        return new NpgsqlCopyOutSession(connection, ownsConnection: true);
    }
}
