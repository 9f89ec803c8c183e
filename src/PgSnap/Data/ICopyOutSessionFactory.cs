namespace PgSnap.Data;

/// <summary>Opens the data workers' sessions, so the Npgsql one and the lean wire client are interchangeable.</summary>
public interface ICopyOutSessionFactory
{
    /// <summary>A short name for logs and the archive header (e.g. <c>npgsql</c>, <c>wire</c>).</summary>
    string Name { get; }

    /// <summary>Opens a new, idle session (no transaction yet).</summary>
    Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken);
}
