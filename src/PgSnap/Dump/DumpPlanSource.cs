using Npgsql;
using PgSnap.Model;

namespace PgSnap.Dump;

/// <summary>
/// Reads the catalog into a plan. Precondition: <paramref name="connection"/> is inside the dump's
/// REPEATABLE READ, READ ONLY transaction; the source takes the ACCESS SHARE locks. <paramref name="siblings"/>, when
/// given, opens more sessions on the same snapshot for reads the source runs in parallel.
/// </summary>
public delegate Task<DumpPlan> DumpPlanSource(NpgsqlConnection connection, DumpOptions options, SnapshotSessionOpener? siblings, CancellationToken cancellationToken);
