using PgSnap.Connection;

namespace PgSnap.Data.Wire;

/// <summary>Opens <see cref="WireCopyOutSession"/>s for the data workers of a dump, from a resolved spec.</summary>
public sealed class WireCopyOutSessionFactory(ConnectionSpec spec) : ICopyOutSessionFactory
{
    /// <inheritdoc />
    public string Name => "wire";

    /// <inheritdoc />
    public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken) =>
        await WireCopyOutSession.OpenAsync(spec, cancellationToken).ConfigureAwait(false);
}
