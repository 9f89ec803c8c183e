using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Drill;
using PgSnap.Sql;

namespace PgSnap.Verify;

/// <summary>
/// Builds the table of contents: from the manifest of a complete, seekable PgSnap archive (found through the
/// footer, nothing else is read), otherwise from one splitter pass over the text: PgSnap block markers, or
/// pg_dump's <c>-- Name: x; Type: T; Schema: s; Owner: o</c> comments and its COPY statements.
/// </summary>
public static class TableOfContentsReader
{
    private const string PgDumpNamePrefix = "-- Name: ";

    public static async Task<TableOfContents> ReadAsync(string pathOrDash, Func<Stream> stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathOrDash);
        string? drill = null;
        if (pathOrDash != "-" && (Storage.S3.S3Location.IsS3(pathOrDash) || File.Exists(pathOrDash)))
        {
            // The archive first: a missing object or refused access is reported about it, not about its drill record.
            using var index = await ArchiveIndex.TryOpenAsync(pathOrDash, cancellationToken).ConfigureAwait(false);
            drill = await DrillReportFile.TryReadAsync(pathOrDash, cancellationToken).ConfigureAwait(false) is { } d ? (d.Passed ? "passed" : "failed") : null;
            if (index is not null)
            {
                return new TableOfContents
                {
                    Source = pathOrDash,
                    Format = "pgsnap",
                    Compression = ArchiveVerifier.CompressionName(index.Compression),
                    FromManifest = true,
                    Drill = drill,
                    Uncovered = (await ReadHeaderAsync(index, cancellationToken).ConfigureAwait(false))?.Uncovered,
                    Entries = index.Manifest.Blocks.Select(TocEntry.From).ToList(),
                };
            }
        }

        await using var input = await ArchiveInput.OpenAsync(pathOrDash, stdin, cancellationToken).ConfigureAwait(false);
        var toc = await ScanAsync(input, cancellationToken).ConfigureAwait(false);
        return toc with { Drill = drill };
    }

    /// <summary>The header of an indexed archive: the JSON line of its first block.</summary>
    internal static async Task<ArchiveHeader?> ReadHeaderAsync(ArchiveIndex index, CancellationToken cancellationToken)
    {
        var block = index.Manifest.Blocks.FirstOrDefault(static b => b.Section == ArchiveFormat.Sections.Header);
        if (block is null)
        {
            return null;
        }

        await using var stream = index.OpenBlock(block);
        return (await ArchiveStart.ReadAsync(stream, cancellationToken).ConfigureAwait(false)).Header;
    }

    private static async Task<TableOfContents> ScanAsync(ArchiveInput input, CancellationToken cancellationToken)
    {
        ArchiveHeader? header = null;
        using var splitter = new SqlScriptSplitter(input.Text, input.Source);
        var entries = new List<TocEntry>();
        var isPgSnap = false;
        var first = true;
        long entryStart = 0;
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (kind == SqlItemKind.End)
            {
                Close(entries, splitter.BytesConsumed, entryStart);
                break;
            }

            if (kind == SqlItemKind.Marker)
            {
                var line = Encoding.UTF8.GetString(splitter.Current.Span);
                var start = Math.Max(0, splitter.BytesConsumed - splitter.Current.Length - 1);
                if (first && line == ArchiveHeader.FirstLine)
                {
                    isPgSnap = true;
                    entries.Add(new TocEntry { Id = 0, Section = ArchiveFormat.Sections.Header, Kind = ArchiveFormat.Kinds.Header });
                }
                else if (isPgSnap && line.StartsWith(ArchiveManifest.LinePrefix, StringComparison.Ordinal)
                    && entries.Count > 0 && entries[^1].Kind == ArchiveFormat.Kinds.Manifest)
                {
                    // Another line of the manifest block (docs/FORMAT.md, "Manifest"): the entry it belongs to is open.
                }
                else if (EntryOf(line, isPgSnap, ref header) is { } opened)
                {
                    Close(entries, start, entryStart);
                    entryStart = start;
                    entries.Add(opened);
                }
            }
            else if (kind == SqlItemKind.Statement && !isPgSnap && splitter.IsCopyFromStdin
                && SqlRowCounter.TargetTable(splitter.Current.Span) is { } target)
            {
                var start = splitter.BytesConsumed - splitter.Current.Length;
                Close(entries, start, entryStart);
                entryStart = start;
                entries.Add(new TocEntry { Section = ArchiveFormat.Sections.Data, Kind = "TABLE DATA", Schema = target.Schema, Name = target.Name, Rows = 0 });
            }
            else if (kind == SqlItemKind.Statement && splitter.FirstWord.SequenceEqual("insert"u8) && entries.Count > 0 && entries[^1].Rows is { } insertRows)
            {
                entries[^1] = entries[^1] with { Rows = insertRows + SqlRowCounter.CountInsertRows(splitter.Current.Span) };
            }
            else if (kind == SqlItemKind.CopyEnd && entries.Count > 0)
            {
                entries[^1] = entries[^1] with { Rows = (entries[^1].Rows ?? 0) + splitter.CopyRows };
            }

            first = false;
        }

        return new TableOfContents
        {
            Source = input.Source,
            Format = isPgSnap ? "pgsnap" : "pg_dump",
            Compression = ArchiveVerifier.CompressionName(input.Compression),
            FromManifest = false,
            Uncovered = header?.Uncovered,
            Entries = entries,
        };
    }

    /// <summary>
    /// The entry a structural comment line opens (null: none): a PgSnap block marker, manifest or footer line, or a
    /// pg_dump <c>-- Name:</c> comment. A PgSnap header line opens none but fills <paramref name="header"/>.
    /// </summary>
    private static TocEntry? EntryOf(string line, bool isPgSnap, ref ArchiveHeader? header)
    {
        if (!isPgSnap)
        {
            return line.StartsWith(PgDumpNamePrefix, StringComparison.Ordinal) && EntryLine.TryParsePgDumpComment(line) is { } e
                ? new TocEntry { Section = PgDumpSections.Of(e.Kind), Kind = e.Kind, Schema = e.Schema, Name = e.Name, Owner = e.Owner }
                : null;
        }

        if (line.StartsWith(ArchiveHeader.LinePrefix, StringComparison.Ordinal))
        {
            header = ArchiveStart.Decode(line.AsSpan(ArchiveHeader.LinePrefix.Length));
            return null;
        }

        if (line.StartsWith(BlockMarker.LinePrefix, StringComparison.Ordinal))
        {
            var marker = EntryLine.TryParseMarker(Encoding.UTF8.GetBytes(line[BlockMarker.LinePrefix.Length..]));
            return new TocEntry
            {
                Id = marker?.Id,
                Section = marker?.Section ?? "?",
                Kind = marker?.Kind ?? "?",
                Schema = marker?.Schema,
                Name = marker?.Name,
                Owner = marker?.Owner,
                Chunk = marker?.Chunk,
                Rows = marker?.Section == ArchiveFormat.Sections.Data ? 0 : null,
            };
        }

        return line.StartsWith(ArchiveFormat.StructuralLineStart, StringComparison.Ordinal)
            ? new TocEntry { Section = "-", Kind = line.StartsWith(ArchiveManifest.LinePrefix, StringComparison.Ordinal) ? ArchiveFormat.Kinds.Manifest : ArchiveFormat.Kinds.Footer }
            : null;
    }

    private static void Close(List<TocEntry> entries, long end, long start)
    {
        if (entries.Count > 0)
        {
            entries[^1] = entries[^1] with { Bytes = Math.Max(0, end - start) };
        }
    }
}
