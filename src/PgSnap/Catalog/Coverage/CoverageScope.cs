using PgSnap.Dump;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// What the dump's options decided before any reader ran (<see cref="ObjectSelection"/>): the facts that explain an
/// object's absence from a plan.
/// </summary>
internal sealed record CoverageScope
{
    public required DumpOptions Options { get; init; }

    /// <summary>Schemas whose objects are dumped.</summary>
    public IReadOnlySet<uint> DumpedSchemas { get; init; } = new HashSet<uint>();

    /// <summary>Relations whose definitions are dumped.</summary>
    public IReadOnlySet<uint> SelectedRelations { get; init; } = new HashSet<uint>();

    /// <summary>Tables whose rows the options ask for.</summary>
    public IReadOnlySet<uint> DataTables { get; init; } = new HashSet<uint>();

    /// <summary>Schemas whose data the profile leaves out (Supabase).</summary>
    public IReadOnlySet<uint> ProfileDataExcludedSchemas { get; init; } = new HashSet<uint>();

    /// <summary>Subscriptions can only be dumped by a superuser (their connection strings are hidden from others).</summary>
    public bool IsSuperuser { get; init; }

    /// <summary>Extensions whose CREATE EXTENSION is dumped (the others are left out by -n/-t/-e/--exclude-extension).</summary>
    public IReadOnlySet<uint> DumpedExtensions { get; init; } = new HashSet<uint>();

    /// <summary>-n, -t or -e: global objects (casts, publications…) are left out, as pg_dump does.</summary>
    public bool IsSelective => !Options.IncludesEverything;

    public bool IsSupabase => Options.Profile == DumpProfile.Supabase;
}
