namespace PgSnap.Restore.Execution;

/// <summary>What kind of script a restore reads, judged from its first structural comment.</summary>
public enum ScriptFormat
{
    /// <summary>Plain SQL of unknown origin: no completion check beyond well-formed statements.</summary>
    Sql,

    /// <summary>A PgSnap archive (<c>-- pgsnap archive v1</c>): must end with its completion marker.</summary>
    PgSnap,

    /// <summary>pg_dump plain output: must end with <c>-- PostgreSQL database dump complete</c>.</summary>
    PgDump,
}
