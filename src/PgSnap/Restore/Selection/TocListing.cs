using System.Globalization;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;

namespace PgSnap.Restore.Selection;

/// <summary>
/// restore -l and -L: the archive's table of contents as pg_restore lists it, one entry a line
/// (<c>id; KIND schema name owner</c>, "-" for no schema or owner, lines starting with ";" are comments), and
/// the ids of such a list (edited: a line commented out with ";" is not restored).
/// </summary>
public static class TocListing
{
    /// <summary>The listing of <paramref name="blocks"/> (the header, manifest and footer are not entries).</summary>
    public static IEnumerable<string> Lines(string archiveName, IReadOnlyList<BlockRecord> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        yield return ";";
        yield return $"; Archive: {archiveName.ReplaceLineEndings(" ")}";
        yield return $"; Entries: {blocks.Count(static b => b.Section != ArchiveFormat.Sections.Header)}";
        yield return ";";
        yield return "; Selected TOC Entries:";
        yield return ";";
        foreach (var b in blocks)
        {
            if (b.Section == ArchiveFormat.Sections.Header)
            {
                continue;
            }

            var name = (b.Name ?? "-").ReplaceLineEndings(" ");
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{b.Id}; {b.Kind} {(b.Schema ?? "-").ReplaceLineEndings(" ")} {name}{(b.Chunk is { } chunk ? $" (part {chunk + 1})" : string.Empty)} {b.Owner ?? "-"}");
        }
    }

    /// <summary>The ids of a list file's entry lines (blank lines and lines starting with ";" are skipped).</summary>
    public static IReadOnlyList<int> ReadIds(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"cannot read the list file {path}: {ex.Message}", ex);
        }

        var ids = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith(';'))
            {
                continue;
            }

            var semicolon = line.IndexOf(';', StringComparison.Ordinal);
            if (semicolon <= 0 || !int.TryParse(line.AsSpan(0, semicolon), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"{path}:{i + 1}: not a list entry (\"id; kind schema name owner\"): {line}");
            }

            ids.Add(id);
        }

        return ids;
    }
}
