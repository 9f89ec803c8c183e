using PgSnap.Archive.Manifest;

namespace PgSnap.Retention;

/// <summary>
/// Whether a complete backup holds everything its name promises: a <c>backup_…</c> file dumped with <c>-t</c>, <c>-n</c>,
/// an exclusion, or schema-only is not a full backup, and must never take the place of one in the keep rules. Read
/// from the options a PgSnap archive records in its header; a pg_dump file does not record them, so it is taken at
/// its name's word.
/// </summary>
public static class BackupScope
{
    /// <summary>Why the file is not the full backup its name says (one phrase), or null when nothing says so.</summary>
    public static string? NotFullReason(BackupName name, ArchiveHeader? header)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (header is null)
        {
            return null;
        }

        var options = header.Options;
        var narrowed = new List<string>();
        void Add(string key, string flag)
        {
            if (options.TryGetValue(key, out var value) && value.Length > 0)
            {
                narrowed.Add(flag + " " + value);
            }
        }

        Add("tables", "-t");
        Add("schemas", "-n");
        Add("exclude_tables", "-T");
        Add("exclude_schemas", "-N");
        Add("exclude_table_data", "--exclude-table-data");
        var holds = options.TryGetValue("schema_only", out var s) && s == "true" ? BackupKind.Schema
            : options.TryGetValue("data_only", out var d) && d == "true" ? BackupKind.Data
            : BackupKind.Backup;
        if (holds != name.Kind)
        {
            narrowed.Add($"holds {BackupName.KindWord(holds)}, named {BackupName.KindWord(name.Kind)}_");
        }

        return narrowed.Count == 0 ? null : "partial dump (" + string.Join("; ", narrowed) + ")";
    }
}
