using System.Globalization;
using System.Text;

namespace PgSnap.Dump;

/// <summary>
/// The naming convention of <c>--output-dir</c>: <c>backup_{env}_{yyyyMMdd}_{HHmmss}_{label}.sql[.gz|.lz4]</c> in
/// UTC; a schema-only dump starts with <c>schema_</c>, a data-only one with <c>data_</c>. Retention (prune) parses
/// the same names, so env and label are reduced to <c>[A-Za-z0-9-]</c> and can never contain the separator.
/// </summary>
public static class BackupFileName
{
    public static string Build(string prefix, string env, DateTimeOffset utc, string? label, string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var name = new StringBuilder(prefix).Append('_').Append(Sanitize(env, "env"))
            .Append('_').Append(utc.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture));
        var cleanLabel = Sanitize(label, null);
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
    /// Keeps letters, digits and '-'; turns every other run of characters (spaces, '_', '/', '.', …) into one '-';
    /// trims '-' at both ends; at most 64 characters. An empty result is <paramref name="fallback"/> (or empty).
    /// </summary>
    public static string Sanitize(string? text, string? fallback)
    {
        var sb = new StringBuilder();
        foreach (var c in text ?? string.Empty)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var result = sb.ToString().Trim('-');
        if (result.Length > 64)
        {
            result = result[..64].TrimEnd('-');
        }

        return result.Length > 0 ? result : fallback ?? string.Empty;
    }
}
