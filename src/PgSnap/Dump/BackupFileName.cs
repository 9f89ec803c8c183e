using System.Globalization;
using System.Text;

namespace PgSnap.Dump;

/// <summary>
/// The naming convention of <c>--output-dir</c>: <c>backup_{env}_{yyyyMMdd}_{HHmmss}_{label}.sql[.gz|.lz4]</c> in
/// UTC; a schema-only dump starts with <c>schema_</c>, a data-only one with <c>data_</c>. Retention (prune) parses
/// the same names (Retention/BackupName), so the env is reduced to <c>[A-Za-z0-9-]</c> (it can never hold the '_'
/// separator) and the label to <c>[A-Za-z0-9_-]</c> (everything after the time is the label, as in the runbook's
/// <c>backup_prod_20251120_160000_pre_migration.sql</c>).
/// </summary>
public static class BackupFileName
{
    public static string Build(string prefix, string env, DateTimeOffset utc, string? label, string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var name = new StringBuilder(prefix).Append('_').Append(Sanitize(env, "env", allowUnderscore: false))
            .Append('_').Append(utc.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture));
        var cleanLabel = Sanitize(label, null, allowUnderscore: true);
        if (cleanLabel.Length > 0)
        {
            name.Append('_').Append(cleanLabel);
        }

        return name.Append(extension).ToString();
    }

    /// <summary>backup, schema or data, from the dump's options.</summary>
    public static string PrefixFor(DumpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SchemaOnly ? "schema" : options.DataOnly ? "data" : "backup";
    }

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
}
