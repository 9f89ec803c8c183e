using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Archive;

namespace PgSnap.Retention;

/// <summary>
/// The naming convention of backups (<c>dump --output-dir</c>, the safety backup before a destructive restore, and
/// what <c>prune</c> recognises): <c>{kind}_{env}_{yyyyMMdd}_{HHmmss}[±hhmm][_{label}].sql[.gz|.lz4|.zst]</c>, kind being
/// backup, schema or data. The time is local with its UTC offset (<c>_170000+0100</c>: the operators who read the
/// names read local time), or UTC without an offset (<c>dump --utc</c>, and every name written before offsets
/// existed); either way the name stands for one instant (<see cref="TimestampUtc"/>), which prune orders by. The env holds no underscore, so everything after the time is the label,
/// underscores included (the runbook's <c>backup_prod_20251120_160000_pre_migration.sql</c>). Names are both built
/// (<see cref="Create"/>, then <see cref="FileName"/>) and read back (<see cref="TryParse"/>) here, so every name a
/// dump writes is one prune understands.
/// </summary>
/// <param name="Offset">The UTC offset the name writes its local time in; null: the time is written in UTC, with no offset.</param>
public sealed partial record BackupName(BackupKind Kind, string Env, DateTime TimestampUtc, string? Label, ArchiveCompression Compression, TimeSpan? Offset = null)
{
    /// <summary>Suffix of a file that a dump is still writing (renamed away when it completes).</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>The file name this backup has on disk (without <see cref="PartialSuffix"/>).</summary>
    public string FileName
    {
        get
        {
            var time = TimestampUtc + (Offset ?? TimeSpan.Zero);
            return string.Create(CultureInfo.InvariantCulture,
                $"{KindWord(Kind)}_{Env}_{time:yyyyMMdd}_{time:HHmmss}{OffsetText(Offset)}{(Label is null ? "" : "_" + Label)}{Extension(Compression)}");
        }
    }

    /// <summary>
    /// A new backup's name: <paramref name="env"/> is reduced to <c>[A-Za-z0-9-]</c> (it can never hold the '_'
    /// separator; "env" when nothing is left) and <paramref name="label"/> to <c>[A-Za-z0-9_-]</c> (none when nothing
    /// is left), so the name parses back to the same fields; the time is kept to the second, written in UTC, or
    /// with <paramref name="inLocalTime"/> as <paramref name="when"/>'s own local time and offset.
    /// </summary>
    public static BackupName Create(BackupKind kind, string env, DateTimeOffset when, string? label, ArchiveCompression compression, bool inLocalTime = false)
    {
        var time = when.UtcDateTime;
        time = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var cleanLabel = Sanitize(label, null, allowUnderscore: true);
        return new BackupName(kind, Sanitize(env, "env", allowUnderscore: false), time, cleanLabel.Length > 0 ? cleanLabel : null, compression,
            inLocalTime ? when.Offset : null);
    }

    /// <summary><c>+hhmm</c> / <c>-hhmm</c>, or nothing for a name in UTC.</summary>
    private static string OffsetText(TimeSpan? offset) => offset is not { } o ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"{(o < TimeSpan.Zero ? '-' : '+')}{Math.Abs(o.Hours):00}{Math.Abs(o.Minutes):00}");

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
            ".zst" => ArchiveCompression.Zstd,
            _ => ArchiveCompression.None,
        };
        TimeSpan? offset = null;
        if (match.Groups["offset"].Success)
        {
            var text = match.Groups["offset"].Value;
            var hours = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
            // The name writes local time: the instant is that time minus its offset.
            timestamp -= offset.Value;
        }

        var label = match.Groups["label"].Success ? match.Groups["label"].Value : null;
        name = new BackupName(kind, match.Groups["env"].Value, DateTime.SpecifyKind(timestamp, DateTimeKind.Utc), label, compression, offset);
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
        ArchiveCompression.Zstd => ".sql.zst",
        _ => ".sql",
    };

    [GeneratedRegex(@"^(?<kind>backup|schema|data)_(?<env>[A-Za-z0-9.\-]+)_(?<date>\d{8})_(?<time>\d{6})(?<offset>[+-]\d{4})?(?:_(?<label>[^/\\]+?))?\.sql(?<ext>\.gz|\.lz4|\.zst)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
