using System.Text.Json;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Reading;

/// <summary>
/// The table of contents of a seekable, complete PgSnap archive: found from the fixed-size footer at the end of
/// the file (docs/FORMAT.md, "Footer"), then the manifest block it points to (checksum verified). Any block can
/// then be opened alone as a stream of its uncompressed bytes, from several threads at once. The archive is a local
/// file or an object in S3-compatible storage (<see cref="ArchiveBlob"/>): only the footer, the manifest and the blocks
/// opened are read, so a listing or a one-table restore does not download the rest.
/// </summary>
public sealed class ArchiveIndex : IDisposable
{
    private readonly ArchiveBlob _blob;
    private long _blockBytesRead;

    private ArchiveIndex(ArchiveBlob blob, ArchiveCompression compression, ArchiveFooter footer, ArchiveManifest manifest)
    {
        _blob = blob;
        Path = blob.Name;
        FileLength = blob.Length;
        Compression = compression;
        Footer = footer;
        Manifest = manifest;
    }

    /// <summary>The archive's name as given: a path or an s3:// URL.</summary>
    public string Path { get; }

    /// <summary>True for an object in S3-compatible storage, where every byte read is a transfer.</summary>
    public bool IsRemote => _blob.IsRemote;

    /// <summary>Bytes of the archive file or object.</summary>
    public long FileLength { get; }

    public ArchiveCompression Compression { get; }

    public ArchiveFooter Footer { get; }

    public ArchiveManifest Manifest { get; }

    /// <summary>
    /// Reads the footer and manifest of <paramref name="path"/>. Returns null when the file has no valid footer
    /// (not a PgSnap archive, or an incomplete one); throws <see cref="PgSnapErrorKind.Corrupt"/> when the footer
    /// is there but the manifest it points to is damaged.
    /// </summary>
    public static async Task<ArchiveIndex?> TryOpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var blob = await ArchiveBlob.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return await TryOpenAsync(blob, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="TryOpenAsync(string, CancellationToken)"/> on an opened <paramref name="blob"/>, which the index
    /// then owns (disposed here when null is returned or reading throws).
    /// </summary>
    public static async Task<ArchiveIndex?> TryOpenAsync(ArchiveBlob blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            var index = await TryReadAsync(blob, cancellationToken).ConfigureAwait(false);
            if (index is null)
            {
                blob.Dispose();
            }

            return index;
        }
        catch
        {
            blob.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Bytes of the file read so far through <see cref="OpenBlock"/> (compressed, as stored), plus the footer and
    /// manifest read on opening: what a selective restore costs in I/O.
    /// </summary>
    public long BytesRead => Interlocked.Read(ref _blockBytesRead) + Footer.ManifestLength + ArchiveFooter.EncodedLength(Compression);

    /// <summary>Opens one block as a stream of its uncompressed bytes.</summary>
    public Stream OpenBlock(BlockRecord block)
    {
        ArgumentNullException.ThrowIfNull(block);
        // One read for the whole block when the store is remote (a block is at most a few MiB): one GET per block.
        var slice = _blob.OpenRange(block.Offset, block.Length, (int)Math.Min(block.Length, _blob.ReadSize), n => Interlocked.Add(ref _blockBytesRead, n));
        return Decompression.Open(slice, Compression, $"{Path} (block {block.Id} at byte {block.Offset})");
    }

    public void Dispose() => _blob.Dispose();

    /// <summary>
    /// Null when the manifest's blocks tile the file exactly (block 0 at byte 0, each starting where the one before
    /// ends, the manifest right after the last, the footer last); else what is wrong. Only then is the text read block
    /// by block the same text the file holds front to back.
    /// </summary>
    public string? LayoutProblem()
    {
        var expected = 0L;
        foreach (var block in Manifest.Blocks)
        {
            if (block.Offset != expected || block.Length <= 0)
            {
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{BlockDescription.Of(block)} does not start where the block before it ends (byte {expected})");
            }

            expected += block.Length;
        }

        return Footer.ManifestOffset != expected || Footer.ManifestOffset + Footer.ManifestLength + ArchiveFooter.EncodedLength(Compression) != FileLength
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the manifest's blocks end at byte {expected}, but the manifest is at byte {Footer.ManifestOffset} of a {FileLength}-byte file")
            : null;
    }

    private static async Task<ArchiveIndex?> TryReadAsync(ArchiveBlob blob, CancellationToken cancellationToken)
    {
        var path = blob.Name;
        var fileLength = blob.Length;
        var magic = new byte[4];
        if (fileLength < 4 || await blob.ReadAtAsync(magic, 0, cancellationToken).ConfigureAwait(false) < 4)
        {
            return null;
        }

        var compression = Decompression.FromKind(InputFormatDetector.Detect(magic));
        if (compression is null || (compression == ArchiveCompression.None && !magic.AsSpan().StartsWith("-- p"u8)))
        {
            return null;
        }

        var footerLength = ArchiveFooter.EncodedLength(compression.Value);
        if (fileLength < footerLength)
        {
            return null;
        }

        var tail = new byte[footerLength];
        await ReadExactlyAtAsync(blob, tail, fileLength - footerLength, cancellationToken).ConfigureAwait(false);
        var footer = ArchiveFooter.TryDecode(tail, compression.Value);
        if (footer is null)
        {
            return null;
        }

        if (footer.ManifestOffset + footer.ManifestLength > fileLength - footerLength || footer.ManifestLength > int.MaxValue)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{path}: the footer points outside the file (manifest at byte {footer.ManifestOffset})");
        }

        var manifest = await ReadManifestAsync(blob, path, compression.Value, footer, cancellationToken).ConfigureAwait(false);
        return new ArchiveIndex(blob, compression.Value, footer, manifest);
    }

    /// <summary>
    /// Parses the manifest as it is read (<see cref="ManifestJsonStream"/>): at 5,000 tables it is ~8 MB, and neither
    /// its text nor its JSON is held whole. The checksum still decides first: a damaged block is reported as such
    /// whatever the JSON reader made of it.
    /// </summary>
    private static async Task<ArchiveManifest> ReadManifestAsync(ArchiveBlob blob, string path, ArchiveCompression compression, ArchiveFooter footer, CancellationToken cancellationToken)
    {
        var where = $"{path}: manifest block at byte {footer.ManifestOffset}";
        ArchiveManifest? manifest = null;
        JsonException? invalid = null;
        await using (var stream = Decompression.Open(blob.OpenRange(footer.ManifestOffset, footer.ManifestLength), compression, where))
        {
            var json = new ManifestJsonStream(stream);
            try
            {
                manifest = await JsonSerializer.DeserializeAsync(json, ArchiveJsonContext.Default.ArchiveManifest, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                invalid = ex;
            }

            await json.DrainAsync(cancellationToken).ConfigureAwait(false);
            if (json.BlockHash != footer.ManifestXxh64)
            {
                throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{where} fails its checksum");
            }

            if (json.HasBadLine)
            {
                throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{where}: a line does not start with '{ArchiveManifest.LinePrefix.Trim()}'");
            }
        }

        if (invalid is not null)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{where} is not valid JSON: {invalid.Message}", invalid);
        }

        if (manifest is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{where} is empty");
        }

        return manifest.IsWellFormed ? manifest : throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{where} lacks its block or table list");
    }

    private static async Task ReadExactlyAtAsync(ArchiveBlob blob, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await blob.ReadAtAsync(buffer[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            total += n;
        }
    }
}
