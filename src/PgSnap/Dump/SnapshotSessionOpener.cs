using Npgsql;

namespace PgSnap.Dump;

/// <summary>
/// Opens one more session of the dump on the leader's snapshot (REPEATABLE READ, READ ONLY, the leader's session
/// settings), for catalog reads that run beside the leader's instead of after them (docs/ARCHITECTURE.md, "Catalog
/// reads in parallel"). The caller owns and disposes the connection.
/// </summary>
public delegate Task<NpgsqlConnection> SnapshotSessionOpener(CancellationToken cancellationToken);
