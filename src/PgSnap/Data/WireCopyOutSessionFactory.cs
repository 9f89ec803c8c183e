using PgSnap.Connection;
using PgSnap.Data.Wire;

namespace PgSnap.Data;

/// <summary>Opens the lean wire-protocol sessions (the default for data workers: far less CPU per row).</summary>
public sealed class WireCopyOutSessionFactory(ConnectionSpec spec) : ICopyOutSessionFactory
{
    public string Name => "wire";

    public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken) =>
        await WireCopyOutSession.OpenAsync(spec, cancellationToken).ConfigureAwait(false);
}
