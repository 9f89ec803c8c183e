using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// <c>verify --quick</c>: is the archive complete, judged from its ends only (docs/FORMAT.md, "Footer"). It reads the
/// completion marker at the end of the file or object, the manifest it points to (checked against the marker's
/// XXH64), and the header block (checked against the manifest); it checks that the manifest's blocks tile the file.
/// The other blocks are not read, so a damaged byte inside one passes: that is the full verify's job.
/// </summary>
internal static class QuickArchiveCheck
{
    /// <summary>How much of the file's start is read to tell an incomplete PgSnap archive from another file.</summary>
    private const int StartRead = 1 << 16;

    public static async Task<VerifyReport> CheckAsync(string path, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (path == "-")
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "verify --quick reads the end of a file or s3:// object first; a pipe can only be read whole: drop --quick");
        }

        if (!Storage.S3.S3Location.IsS3(path))
        {
            // The same one-line refusals as the full verify for a missing file, a directory or a pg_dump directory.
            await (await ArchiveInput.OpenAsync(path, static () => Stream.Null, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }

        var blob = await ArchiveBlob.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var compression = await CompressionOfAsync(blob, cancellationToken).ConfigureAwait(false);
        ArchiveIndex? index;
        try
        {
            index = await ArchiveIndex.TryOpenAsync(blob, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            // The completion marker is there but the manifest it points to is damaged or out of place.
            return Report(path, compression, null, [new VerifyProblem { Code = "manifest", Message = ex.Message }]);
        }

        if (index is null)
        {
            return await WithoutFooterAsync(path, compression, cancellationToken).ConfigureAwait(false);
        }

        using (index)
        {
            return await WithIndexAsync(index, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<VerifyReport> WithIndexAsync(ArchiveIndex index, VerifyOptions options, CancellationToken cancellationToken)
    {
        var problems = new List<VerifyProblem>();
        var manifest = index.Manifest;
        if (index.LayoutProblem() is { } layout)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = $"{layout}: the manifest does not describe this file" });
        }

        ArchiveHeader? header = null;
        var headerBlock = manifest.Blocks.FirstOrDefault(static b => b.Section == ArchiveFormat.Sections.Header);
        BadBlock? firstBad = null;
        if (headerBlock is not null && problems.Count == 0)
        {
            (header, var mismatch) = await ReadHeaderBlockAsync(index, headerBlock, cancellationToken).ConfigureAwait(false);
            if (mismatch is not null)
            {
                firstBad = BadBlock.From(headerBlock) with { Problem = mismatch };
                problems.Add(new VerifyProblem { Code = "checksum", Message = $"{firstBad.Describe()}: {mismatch}" });
            }
        }

        var tables = manifest.Tables
            .Select(static t => new VerifiedTable { Schema = t.Schema, Name = t.Name, ManifestRows = t.Rows, Rows = t.Rows })
            .ToList();
        var report = new VerifyReport
        {
            Source = index.Path,
            Format = "pgsnap",
            Compression = ArchiveVerifier.CompressionName(index.Compression),
            Quick = true,
            Complete = true,
            Header = header,
            FinishedUtc = manifest.FinishedUtc,
            Blocks = manifest.Blocks.Count,
            UncompressedBytes = manifest.Blocks.Sum(static b => b.RawLength),
            Tables = tables,
            FirstBadBlock = firstBad,
            Problems = problems,
        };
        var defined = manifest.Blocks
            .Where(static b => b.Kind == "TABLE" && b.Name is not null)
            .Select(static b => (b.Schema ?? "public", b.Name!))
            .ToHashSet();
        return RequiredTableCheck.Apply(report, defined, options);
    }

    /// <summary>The header block's text, hashed as it is read: the header it holds and whether it is the block the manifest describes.</summary>
    private static async Task<(ArchiveHeader? Header, string? Mismatch)> ReadHeaderBlockAsync(ArchiveIndex index, BlockRecord block, CancellationToken cancellationToken)
    {
        var digest = new BlockDigest();
        var text = new MemoryStream();
        try
        {
            await using (var stream = index.OpenBlock(block))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    digest.Append(buffer.AsSpan(0, n));
                    if (text.Length < StartRead)
                    {
                        text.Write(buffer, 0, n);
                    }
                }
            }
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            return (null, ex.Message);
        }

        text.Position = 0;
        var header = (await ArchiveStart.ReadAsync(text, cancellationToken).ConfigureAwait(false)).Header;
        return (header, digest.Mismatch(block));
    }

    /// <summary>
    /// No completion marker at the end: an incomplete PgSnap archive (exit 4), or a file --quick cannot judge from its
    /// ends (a pg_dump file, an archive compressed afterwards as one stream), which the full verify reads instead.
    /// </summary>
    private static async Task<VerifyReport> WithoutFooterAsync(string path, ArchiveCompression? compression, CancellationToken cancellationToken)
    {
        ArchiveHeader? header;
        using (var blob = await ArchiveBlob.OpenAsync(path, cancellationToken).ConfigureAwait(false))
        {
            header = await ReadStartAsync(blob, compression, cancellationToken).ConfigureAwait(false);
        }

        if (header is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{path} does not start as a PgSnap archive: verify --quick judges PgSnap archives by their completion marker; run verify without --quick");
        }

        if (compression is { } c && header.Compression.Split(':')[0] != ArchiveVerifier.CompressionName(c))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                $"{path} was compressed afterwards as one {ArchiveVerifier.CompressionName(c)} stream: its completion marker cannot be found without reading it all; run verify without --quick");
        }

        return Report(path, compression, header,
            [new VerifyProblem { Code = "incomplete", Message = "no completion marker at the end: the archive is incomplete (the dump did not finish or the file was cut)" }]);
    }

    /// <summary>The header of a PgSnap archive from the file's first bytes; null when it does not start as one.</summary>
    private static async Task<ArchiveHeader?> ReadStartAsync(ArchiveBlob blob, ArchiveCompression? compression, CancellationToken cancellationToken)
    {
        if (compression is null)
        {
            return null;
        }

        try
        {
            await using var text = Decompression.Open(blob.OpenRange(0, Math.Min(blob.Length, StartRead)), compression.Value, blob.Name);
            return (await ArchiveStart.ReadAsync(text, cancellationToken).ConfigureAwait(false)).Header;
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            return null; // the first 64 KiB end inside a compressed member before the header line: nothing to judge by
        }
    }

    /// <summary>The compression the file's first bytes show (null: not a format PgSnap reads).</summary>
    private static async Task<ArchiveCompression?> CompressionOfAsync(ArchiveBlob blob, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        var n = await blob.ReadAtAsync(magic, 0, cancellationToken).ConfigureAwait(false);
        return Decompression.FromKind(InputFormatDetector.Detect(magic.AsSpan(0, n)));
    }

    private static VerifyReport Report(string path, ArchiveCompression? compression, ArchiveHeader? header, IReadOnlyList<VerifyProblem> problems) => new()
    {
        Source = path,
        Format = "pgsnap",
        Compression = compression is { } c ? ArchiveVerifier.CompressionName(c) : "none",
        Quick = true,
        Complete = false,
        Header = header,
        Problems = problems,
    };
}
