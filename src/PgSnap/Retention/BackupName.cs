using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Archive;

namespace PgSnap.Retention;

/// <summary>
/// The naming convention of backups (<c>dump --output-dir</c>, the safety backup before a destructive restore, and
/// what <c>prune</c> recognises): <c>{kind}_{env}_{yyyyMMdd}_{HHmmss}[_{label}].sql[.gz|.lz4]</c>, kind being backup,
/// schema or data, the time in UTC. The env holds no underscore, so everything after the time is the label,
/// underscores included (the runbook's <c>backup_prod_20251120_160000_pre_migration.sql</c>). Names are both built
/// (<see cref="Create"/>, then <see cref="FileName"/>) and read back (<see cref="TryParse"/>) here, so every name a
/// dump writes is one prune understands.
/// </summary>
public sealed partial record BackupName(BackupKind Kind, string Env, DateTime TimestampUtc, string? Label, ArchiveCompression Compression)
{
    /// <summary>Suffix of a file that a dump is still writing (renamed away when it completes).</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>The file name this backup has on disk (without <see cref="PartialSuffix"/>).</summary>
    public string FileName =>
        string.Create(CultureInfo.InvariantCulture,
            $"{KindWord(Kind)}_{Env}_{TimestampUtc:yyyyMMdd}_{TimestampUtc:HHmmss}{(Label is null ? "" : "_" + Label)}{Extension(Compression)}");

    /// <summary>
    /// A new backup's name: <paramref name="env"/> is reduced to <c>[A-Za-z0-9-]</c> (it can never hold the '_'
    /// separator; "env" when nothing is left) and <paramref name="label"/> to <c>[A-Za-z0-9_-]</c> (none when nothing
    /// is left), so the name parses back to the same fields; the time is kept to the second, in UTC.
    /// </summary>
    public static BackupName Create(BackupKind kind, string env, DateTimeOffset utc, string? label, ArchiveCompression compression)
    {
        var time = utc.UtcDateTime;
        time = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var cleanLabel = Sanitize(label, null, allowUnderscore: true);
        return new BackupName(kind, Sanitize(env, "env", allowUnderscore: false), time, cleanLabel.Length > 0 ? cleanLabel : null, compression);
    }

    /// <summary>What a dump holds, from its schema-only / data-only options.</summary>
    public static BackupKind KindOf(bool schemaOnly, bool dataOnly) =>
        schemaOnly ? BackupKind.Schema : dataOnly ? BackupKind.Data : BackupKind.Backup;

    /// <summary>
    /// Keeps ASCII letters, digits, '-' (and '_' when allowed); turns every other run of characters (spaces, '/',
    /// '.', non-ASCII…) into one '-'; trims '-' at both ends; at most 64 characters. An empty result is
    /// <paramref name="fallback"/> (or empty).
    /// </summary>
    public static string Sanitize(string? text, string? fallback, bool allowUnderscore = false)
    {
        var sb = new StringBuilder();
        foreach (var c in text ?? string.Empty)
        {
            if (char.IsAsciiLetterOrDigit(c) || (allowUnderscore && c == '_'))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] is not '-' and not '_')
            {
                sb.Append('-');
            }
        }

        var result = sb.ToString().Trim('-', '_');
        if (result.Length > 64)
        {
            result = result[..64].TrimEnd('-', '_');
        }

        return result.Length > 0 ? result : fallback ?? string.Empty;
    }

    /// <summary>Parses a file name (not a path). A trailing <c>.partial</c> is not accepted here: strip it first.</summary>
    public static bool TryParse(string fileName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BackupName? name)
    {
        name = null;
        var match = NamePattern().Match(fileName);
        if (!match.Success)
        {
            return false;
        }

        if (!DateTime.TryParseExact(match.Groups["date"].Value + match.Groups["time"].Value, "yyyyMMddHHmmss",
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        var kind = match.Groups["kind"].Value switch
        {
            "backup" => BackupKind.Backup,
            "schema" => BackupKind.Schema,
            _ => BackupKind.Data,
        };
        var compression = match.Groups["ext"].Value switch
        {
            ".gz" => ArchiveCompression.Gzip,
            ".lz4" => ArchiveCompression.Lz4,
            _ => ArchiveCompression.None,
        };
        var label = match.Groups["label"].Success ? match.Groups["label"].Value : null;
        name = new BackupName(kind, match.Groups["env"].Value, DateTime.SpecifyKind(timestamp, DateTimeKind.Utc), label, compression);
        return true;
    }

    /// <summary>The word a kind has in file names.</summary>
    public static string KindWord(BackupKind kind) => kind switch
    {
        BackupKind.Backup => "backup",
        BackupKind.Schema => "schema",
        BackupKind.Data => "data",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Extension(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => ".sql.gz",
        ArchiveCompression.Lz4 => ".sql.lz4",
        _ => ".sql",
    };

    [GeneratedRegex(@"^(?<kind>backup|schema|data)_(?<env>[A-Za-z0-9.\-]+)_(?<date>\d{8})_(?<time>\d{6})(?:_(?<label>[^/\\]+?))?\.sql(?<ext>\.gz|\.lz4)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
