namespace PgSnap.Model.Objects;

/// <summary>
/// Row-level security of dumped relations: the tables with it enabled, and their policies by name. Under the
/// Supabase profile the policies also include the project's policies on platform tables (storage.objects,
/// auth.users…), whose tables are in <paramref name="PlatformTables"/> because their definitions are not dumped.
/// </summary>
internal sealed record PolicySet(IReadOnlyList<uint> RowSecurityTables, IReadOnlyList<PolicyRecord> Policies, IReadOnlyList<PlatformTable> PlatformTables);
