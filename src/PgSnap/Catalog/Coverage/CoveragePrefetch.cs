using Npgsql;
using PgSnap.Archive.Manifest;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// The coverage audit's plan-free reads, running on a sibling session of the dump's snapshot while the leader reads
/// the catalog (docs/ARCHITECTURE.md, "Catalog reads in parallel"). On 5,000 tables the inventory and the digests are
/// ~40 % of the planning's server time; beside the leader's readers they cost the dump almost no wall time. When the
/// sibling cannot be opened (a server at its connection limit, a pooler), the audit runs on the leader as before.
/// </summary>
internal sealed class CoveragePrefetch : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly Task<PrefetchedCoverage?> _work;
    private NpgsqlConnection? _connection;

    private CoveragePrefetch(SnapshotSessionOpener open, CatalogSession leader, ObjectSelection selection, CancellationToken ct)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // A copy: the leader's session goes on being used on the caller's thread.
        var dumpedSchemas = leader.DumpedSchemas.Keys.ToHashSet();
        var dumpedExtensions = leader.DumpedExtensions.ToHashSet();
        _work = Task.Run(() => RunAsync(open, leader, dumpedSchemas, dumpedExtensions, selection, _cancel.Token));
    }

    /// <summary>Starts the reads; <see cref="ResultAsync"/> gives them, null when the sibling could not be opened.</summary>
    public static CoveragePrefetch Start(SnapshotSessionOpener open, CatalogSession leader, ObjectSelection selection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(selection);
        return new CoveragePrefetch(open, leader, selection, ct);
    }

    /// <summary>The reads' result; a failure of a query on the sibling is the dump's failure, as on the leader.</summary>
    public async Task<PrefetchedCoverage?> ResultAsync()
    {
        var result = await _work.ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await _work.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException or PgSnapException or InvalidOperationException)
        {
            // The plan already failed or was cancelled; that failure is the one reported.
        }

        await CloseAsync().ConfigureAwait(false);
        _cancel.Dispose();
    }

    private async Task<PrefetchedCoverage?> RunAsync(
        SnapshotSessionOpener open, CatalogSession leader, IReadOnlySet<uint> dumpedSchemas, HashSet<uint> dumpedExtensions, ObjectSelection selection, CancellationToken ct)
    {
        try
        {
            _connection = await open(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or PgSnapException { Kind: PgSnapErrorKind.Connection } && !ct.IsCancellationRequested)
        {
            return null;
        }

        // The leader's deparsing settings for the rest of the planning: every name qualified, quoted as asked.
        var session = new CatalogSession(_connection, leader.Options, leader.ServerVersion, leader.Quoting);
        session.DumpedExtensions.UnionWith(dumpedExtensions);
        await session.ExecuteAsync("SELECT pg_catalog.set_config('search_path', '', true)", ct).ConfigureAwait(false);
        if (leader.Options.QuoteAllIdentifiers)
        {
            await session.ExecuteAsync("SELECT pg_catalog.set_config('quote_all_identifiers', 'on', true)", ct).ConfigureAwait(false);
        }

        return await CoverageAudit.ReadWithoutPlanAsync(session, dumpedSchemas, selection, ct).ConfigureAwait(false);
    }

    private async Task CloseAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The audit's plan-free reads (<see cref="CoverageAudit.ReadWithoutPlanAsync"/>).</summary>
internal sealed record PrefetchedCoverage(
    CatalogInventory Inventory, CoverageScope Scope, IReadOnlyDictionary<uint, string> SchemaReasons, IReadOnlyDictionary<CatalogId, ObjectRecord> Records);
