using System.Text.Json;

namespace PgSnap.Retention;

/// <summary>
/// The result of <c>pgsnap drill</c> that sits next to an archive as <c>NAME.drill.json</c> (issue 9.3).
/// Only its <c>"passed"</c> field matters to retention and listing; the rest belongs to the drill command.
/// </summary>
public sealed record DrillRecord(bool Passed, DateTimeOffset? FinishedUtc)
{
    /// <summary>Suffix appended to the archive's file name.</summary>
    public const string Suffix = ".drill.json";

    /// <summary>The sidecar path of an archive.</summary>
    public static string PathFor(string archivePath) => archivePath + Suffix;

    /// <summary>
    /// Reads the sidecar of an archive. Null when there is none; a sidecar that does not parse or has no boolean
    /// "passed" counts as a failed drill, so it never protects a backup by mistake.
    /// </summary>
    public static async Task<DrillRecord?> TryReadAsync(string archivePath, CancellationToken cancellationToken)
    {
        var path = PathFor(archivePath);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("passed", out var passed)
                || passed.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return new DrillRecord(false, null);
            }

            DateTimeOffset? finished = root.TryGetProperty("finished_utc", out var f) && f.ValueKind == JsonValueKind.String
                && f.TryGetDateTimeOffset(out var value) ? value : null;
            return new DrillRecord(passed.GetBoolean(), finished);
        }
        catch (JsonException)
        {
            return new DrillRecord(false, null);
        }
    }
}
