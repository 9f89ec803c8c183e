using PgSnap.Archive.Manifest;
using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// The audit's plan-free reads (<see cref="CoverageAudit.ReadWithoutPlanAsync"/>), made on the planner's pool while
/// the readers run (docs/ARCHITECTURE.md, "Catalog reads in parallel").
/// </summary>
internal sealed record PrefetchedCoverage(
    CatalogInventory Inventory, CoverageScope Scope, IReadOnlyDictionary<uint, string> SchemaReasons, IReadOnlyDictionary<CatalogId, ObjectRecord> Records);
