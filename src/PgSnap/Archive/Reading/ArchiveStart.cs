using System.Text;
using System.Text.Json;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Reading;

/// <summary>
/// What the first lines of a dump file say about it: a PgSnap archive's header (docs/FORMAT.md, "Header") or the
/// server version of a pg_dump plain file. Either may be missing: an old or foreign file, or a damaged header.
/// </summary>
/// <param name="Header">The PgSnap header, when its line is there and decodes.</param>
/// <param name="PgDumpServerVersion">pg_dump's "Dumped from database version" value, for a pg_dump file.</param>
public sealed record ArchiveStart(ArchiveHeader? Header, string? PgDumpServerVersion)
{
    private const string PgDumpVersionPrefix = "-- Dumped from database version ";

    // The header is the first few lines of the first block; no dump file puts it further than this.
    private const int ScanLines = 40;

    /// <summary>The server version the file was dumped from ("17.10"), whichever kind of file it is; null when it does not say.</summary>
    public string? ServerVersion => string.IsNullOrEmpty(Header?.ServerVersion) ? PgDumpServerVersion : Header.ServerVersion;

    /// <summary>Reads the start of a file (compressed or not).</summary>
    public static async Task<ArchiveStart> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = await ArchiveInput.OpenAsync(path, static () => Stream.Null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(input.Text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the start of <paramref name="text"/> (uncompressed); stops at the header line.</summary>
    public static async Task<ArchiveStart> ReadAsync(Stream text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StreamReader(text, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        for (var i = 0; i < ScanLines; i++)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                break;
            }

            if (line.StartsWith(ArchiveHeader.LinePrefix, StringComparison.Ordinal))
            {
                return new ArchiveStart(Decode(line.AsSpan(ArchiveHeader.LinePrefix.Length)), null);
            }

            if (line.StartsWith(PgDumpVersionPrefix, StringComparison.Ordinal))
            {
                return new ArchiveStart(null, line[PgDumpVersionPrefix.Length..].Trim());
            }
        }

        return new ArchiveStart(null, null);
    }

    /// <summary>The header from the JSON after <see cref="ArchiveHeader.LinePrefix"/>; null when it does not decode.</summary>
    internal static ArchiveHeader? Decode(ReadOnlySpan<char> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ArchiveJsonContext.Default.ArchiveHeader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
