using Npgsql;
using PgSnap.Model;

namespace PgSnap.Dump;

/// <summary>
/// Reads the catalog into a plan. Precondition: <paramref name="connection"/> is inside the dump's
/// REPEATABLE READ, READ ONLY transaction; the source takes the ACCESS SHARE locks.
/// </summary>
public delegate Task<DumpPlan> DumpPlanSource(NpgsqlConnection connection, DumpOptions options, CancellationToken cancellationToken);
