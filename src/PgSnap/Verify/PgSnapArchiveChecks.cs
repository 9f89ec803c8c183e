using System.Globalization;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// The checks of a PgSnap archive after the streaming pass: every block the manifest lists was seen where it says,
/// with its length, XXH64 and rows; the footer's manifest checksum; for a file, the footer really is its last bytes;
/// and, when something is damaged, which block (by seeking, through <see cref="BlockChecksumScan"/>).
/// </summary>
internal static class PgSnapArchiveChecks
{
    /// <summary>Compares the blocks the stream showed with the manifest, the manifest with the footer, and the recounted rows with both.</summary>
    public static async Task<VerifyReport> CheckAsync(VerifyState state, IReadOnlyList<HashedRange> ranges, ArchiveInput input, CancellationToken cancellationToken)
    {
        var problems = new List<VerifyProblem>();
        BadBlock? firstBad = null;
        var manifest = state.Manifest;
        var rangeAt = new Dictionary<long, HashedRange>();
        foreach (var r in ranges)
        {
            rangeAt[r.RawOffset] = r;
        }

        void Bad(BadBlock block, string code)
        {
            firstBad ??= block;
            problems.Add(new VerifyProblem { Code = code, Message = $"{block.Describe()}: {block.Problem}" });
        }

        if (state.StreamError is not null)
        {
            var last = state.Blocks.Count > 0 ? state.Blocks[^1] : null;
            var record = last?.Marker is { } m ? manifest?.Blocks.FirstOrDefault(b => b.Id == m.Id) : null;
            Bad(FromMarker(last, record, state.StreamError), "decompression");
        }

        if (manifest is not null)
        {
            var seenRows = state.RowsByBlockOffset();
            foreach (var record in manifest.Blocks)
            {
                if (firstBad is not null && problems.Count > 3)
                {
                    break; // the first bad block is named; a few more lines help, hundreds do not
                }

                if (CompareBlock(record, rangeAt, seenRows) is { } bad)
                {
                    Bad(FromRecord(record) with { Problem = bad.Problem }, bad.Code);
                }
            }

            var expectedBlocks = manifest.Blocks.Count;
            var seenBlocks = 1 + state.Blocks.Count(static b => b.Marker is not null);
            if (seenBlocks != expectedBlocks && firstBad is null)
            {
                problems.Add(new VerifyProblem { Code = "structure", Message = $"the stream has {seenBlocks} blocks, the manifest lists {expectedBlocks}" });
            }
        }
        else if (state.ManifestUnreadable)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = $"the manifest at uncompressed byte {state.ManifestRawOffset} is not valid JSON" });
        }

        CheckFooter(state, manifest, rangeAt, problems, ref firstBad);
        var recompressed = IsCompressedAfterwards(state.Header, input.Compression);
        if (input.Path is not null && state.Footer is not null && problems.Count == 0 && !recompressed)
        {
            await CheckLayoutAsync(input, state.Footer, problems, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<string> warnings = recompressed
            ? [$"compressed afterwards as one {ArchiveVerifier.CompressionName(input.Compression)} stream (the dump wrote it {state.Header!.Compression}): every byte checked by streaming; parallel restore is unavailable for it and a selective restore reads the whole file (they need the block framing pgsnap writes itself: dump with -Z to get it)"]
            : [];

        return new VerifyReport
        {
            Source = input.Source,
            Format = "pgsnap",
            Compression = ArchiveVerifier.CompressionName(input.Compression),
            Complete = state.Footer is not null && !state.AfterFooter,
            Header = state.Header,
            FinishedUtc = manifest?.FinishedUtc,
            Blocks = 1 + state.Blocks.Count(static b => b.Marker is not null),
            Statements = state.Statements,
            Tables = VerifyState.Tables(state, manifest),
            FirstBadBlock = firstBad,
            Problems = problems,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// A plain archive compressed afterwards (the runbook's <c>gzip backup_….sql</c>): the file is one compressed
    /// stream, so the manifest's byte offsets are positions in the decompressed text, not in the file.
    /// </summary>
    private static bool IsCompressedAfterwards(ArchiveHeader? header, ArchiveCompression fileCompression) =>
        header is not null && fileCompression != ArchiveCompression.None
        && header.Compression.Split(':')[0] != ArchiveVerifier.CompressionName(fileCompression);

    /// <summary>
    /// What is wrong with one block as the stream showed it, against its manifest record (null: nothing): not where
    /// the manifest puts it, another length or checksum (judged by <see cref="BlockDigest"/>, as the seek that names
    /// the first bad block, restore's checked stream and the drill judge it), another row count.
    /// </summary>
    private static (string Code, string Problem)? CompareBlock(BlockRecord record, Dictionary<long, HashedRange> rangeAt, Dictionary<long, long> seenRows)
    {
        if (!rangeAt.TryGetValue(record.RawOffset, out var seen))
        {
            return ("structure", "not found in the stream where the manifest puts it");
        }

        if (BlockDigest.Mismatch(seen.RawLength, seen.Xxh64, record) is { } problem)
        {
            return ("checksum", problem);
        }

        return record.Rows is { } rows && seenRows.GetValueOrDefault(record.RawOffset) != rows
            ? ("rows", $"holds {seenRows.GetValueOrDefault(record.RawOffset)} rows, the manifest says {rows}")
            : null;
    }

    private static void CheckFooter(VerifyState state, ArchiveManifest? manifest, Dictionary<long, HashedRange> rangeAt, List<VerifyProblem> problems, ref BadBlock? firstBad)
    {
        if (state.Footer is null)
        {
            var last = state.Blocks.LastOrDefault(static b => b.Marker is not null);
            var message = state.FooterUnreadable
                ? $"the completion marker at uncompressed byte {state.FooterRawOffset} is damaged"
                : "no completion marker: the archive is incomplete (the dump did not finish or the file was cut)";
            firstBad ??= state.FooterUnreadable ? null : FromMarker(last, last?.Marker is { } m ? manifest?.Blocks.FirstOrDefault(b => b.Id == m.Id) : null,
                $"the stream ends in this block, at uncompressed byte {state.TotalObservedEnd(rangeAt)}");
            problems.Add(new VerifyProblem { Code = "incomplete", Message = firstBad is null ? message : $"{message}; it ends in {firstBad.Describe()}" });
            return;
        }

        if (state.AfterFooter)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = "there is content after the completion marker" });
        }

        if (manifest is null)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = "the completion marker is there but the manifest is missing" });
            return;
        }

        if (!rangeAt.TryGetValue(state.ManifestRawOffset, out var manifestRange) || manifestRange.Xxh64 != state.Footer.ManifestXxh64)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = $"the manifest (at byte {state.Footer.ManifestOffset}) fails the checksum the completion marker records" });
        }

        if (manifest.Blocks.Count > 0 && manifest.Blocks[^1] is { } lastBlock && lastBlock.Offset + lastBlock.Length != state.Footer.ManifestOffset)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = $"the manifest should start at byte {lastBlock.Offset + lastBlock.Length}, the completion marker says {state.Footer.ManifestOffset}" });
        }
    }

    /// <summary>For a file: the footer really is the file's last bytes, and the manifest sits right before it.</summary>
    private static async Task CheckLayoutAsync(ArchiveInput input, ArchiveFooter footer, List<VerifyProblem> problems, CancellationToken cancellationToken)
    {
        long length;
        using (var blob = await ArchiveBlob.OpenAsync(input.Path!, cancellationToken).ConfigureAwait(false))
        {
            length = blob.Length;
        }

        var expected = footer.ManifestOffset + footer.ManifestLength + ArchiveFooter.EncodedLength(input.Compression);
        if (length != expected)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = $"the file is {length} bytes, the completion marker implies {expected}" });
            return;
        }

        // The index reads the footer from the file's end and the manifest it points to, as restore -j does.
        using var index = await ArchiveIndex.TryOpenAsync(input.Path!, cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = "the file's last bytes are not a readable completion marker" });
        }
    }

    /// <summary>The stream can only say where the text broke; a seekable file can say exactly which block did.</summary>
    public static async Task<VerifyReport> LocateBadBlockAsync(VerifyReport report, string path, CancellationToken cancellationToken)
    {
        ArchiveIndex? index;
        try
        {
            index = await ArchiveIndex.TryOpenAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            return report; // the manifest itself is damaged: the streaming pass already said so
        }

        using (index)
        {
            return index is not null && await BlockChecksumScan.FindFirstBadAsync(index, cancellationToken).ConfigureAwait(false) is { } bad
                ? report with { FirstBadBlock = bad }
                : report;
        }
    }

    private static BadBlock FromRecord(BlockRecord record) => BadBlock.From(record);

    private static BadBlock FromMarker(SeenBlock? block, BlockRecord? record, string problem) =>
        record is not null ? FromRecord(record) with { Problem = problem }
        : new BadBlock
        {
            Id = block?.Marker?.Id ?? (block is null ? 0 : null),
            Section = block?.Marker?.Section ?? (block is null ? ArchiveFormat.Sections.Header : null),
            Kind = block?.Marker?.Kind,
            Schema = block?.Marker?.Schema,
            Name = block?.Marker?.Name,
            Offset = null,
            RawOffset = block?.RawOffset ?? 0,
            Problem = problem,
        };
}
