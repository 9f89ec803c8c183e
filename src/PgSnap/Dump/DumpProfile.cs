namespace PgSnap.Dump;

/// <summary>Which platform conventions a dump follows.</summary>
public enum DumpProfile
{
    /// <summary>Plain PostgreSQL: dump everything the filters select.</summary>
    Default,

    /// <summary>Supabase: leave out the platform's managed schemas and reserved roles.</summary>
    Supabase,
}
