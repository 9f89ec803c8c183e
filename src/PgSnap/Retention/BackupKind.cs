namespace PgSnap.Retention;

/// <summary>The first word of a backup's file name: what the dump holds.</summary>
public enum BackupKind
{
    /// <summary><c>backup_…</c>: schema and data.</summary>
    Backup,

    /// <summary><c>schema_…</c>: schema only.</summary>
    Schema,

    /// <summary><c>data_…</c>: data only.</summary>
    Data,
}
