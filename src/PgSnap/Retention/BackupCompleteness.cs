using System.Buffers;
using System.Text;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Retention;

/// <summary>What the end of a backup file says about it.</summary>
public enum BackupCompletion
{
    /// <summary>Neither a PgSnap footer nor pg_dump's trailer: the dump did not finish (or this is not a dump).</summary>
    Incomplete,

    /// <summary>A PgSnap archive whose footer decodes.</summary>
    PgSnapComplete,

    /// <summary>A pg_dump plain file that ends with "-- PostgreSQL database dump complete".</summary>
    PgDumpComplete,
}

/// <summary>
/// Decides whether a backup file is complete from its last bytes only: the PgSnap footer has a fixed size per
/// compression (docs/FORMAT.md), and pg_dump ends a finished plain dump with a fixed comment. This is the
/// retention check, not a verification: <c>pgsnap verify</c> checks everything else.
/// </summary>
public static class BackupCompleteness
{
    private const string PgDumpTrailer = "-- PostgreSQL database dump complete";

    /// <summary>How much of the end of a pg_dump file may follow the trailer (comment dashes, <c>\unrestrict</c>).</summary>
    private const int PgDumpTailBytes = 4096;

    /// <summary>
    /// Checks one file or s3:// object. A file that cannot be read is reported as incomplete, never as complete.
    /// </summary>
    public static async Task<BackupCompletion> CheckAsync(string path, CancellationToken cancellationToken)
    {
        using var blob = await ArchiveBlob.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var head = new byte[(int)Math.Min(4, blob.Length)];
        var headLength = head.Length == 0 ? 0 : await blob.ReadAtAsync(head, 0, cancellationToken).ConfigureAwait(false);
        var compression = Decompression.FromKind(InputFormatDetector.Detect(head.AsSpan(0, headLength))) ?? ArchiveCompression.None;

        var footerLength = ArchiveFooter.EncodedLength(compression);
        if (blob.Length >= footerLength)
        {
            var fileTail = new byte[footerLength];
            await ReadExactlyAtAsync(blob, fileTail, blob.Length - footerLength, cancellationToken).ConfigureAwait(false);
            if (ArchiveFooter.TryDecode(fileTail, compression) is not null)
            {
                return BackupCompletion.PgSnapComplete;
            }
        }

        var tail = await ReadDecompressedTailAsync(blob, compression, cancellationToken).ConfigureAwait(false);
        if (tail is null)
        {
            return BackupCompletion.Incomplete;
        }

        // A plain archive compressed afterwards (gzip backup_….sql) ends, once decompressed, with the plain footer.
        var plainFooter = ArchiveFooter.EncodedLength(ArchiveCompression.None);
        if (compression != ArchiveCompression.None && tail.Length >= plainFooter && ArchiveFooter.TryDecode(tail[^plainFooter..], ArchiveCompression.None) is not null)
        {
            return BackupCompletion.PgSnapComplete;
        }

        return EndsWithPgDumpTrailer(Encoding.UTF8.GetString(tail)) ? BackupCompletion.PgDumpComplete : BackupCompletion.Incomplete;
    }

    /// <summary>
    /// True when the text's last meaningful line is pg_dump's completion comment: after it come only empty lines,
    /// comment dashes and pg_dump 17.6+'s <c>\unrestrict</c> line.
    /// </summary>
    public static bool EndsWithPgDumpTrailer(string tail)
    {
        var at = tail.LastIndexOf(PgDumpTrailer, StringComparison.Ordinal);
        if (at < 0 || (at > 0 && tail[at - 1] != '\n'))
        {
            return false;
        }

        foreach (var line in tail[(at + PgDumpTrailer.Length)..].Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length != 0 && trimmed != "--" && !trimmed.StartsWith("\\unrestrict ", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The last bytes of the file's decompressed text; null when the stream is damaged.</summary>
    private static async Task<byte[]?> ReadDecompressedTailAsync(ArchiveBlob file, ArchiveCompression compression, CancellationToken cancellationToken)
    {
        if (compression == ArchiveCompression.None)
        {
            var length = (int)Math.Min(file.Length, PgDumpTailBytes);
            var buffer = new byte[length];
            await ReadExactlyAtAsync(file, buffer, file.Length - length, cancellationToken).ConfigureAwait(false);
            return buffer;
        }

        // pg_dump | gzip (or lz4): the end is only reachable by decompressing everything; memory stays at two buffers.
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var ring = new byte[PgDumpTailBytes];
        long total = 0;
        try
        {
            await using var text = Decompression.Open(file.OpenRange(0, file.Length), compression, file.Name);
            int read;
            while ((read = await text.ReadAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                KeepTail(ring, total, chunk.AsSpan(0, read));
                total += read;
            }
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            // A truncated or damaged stream cannot be a complete dump.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var kept = (int)Math.Min(total, ring.Length);
        var ordered = new byte[kept];
        for (var i = 0; i < kept; i++)
        {
            ordered[i] = ring[(int)((total - kept + i) % ring.Length)];
        }

        return ordered;
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

    private static void KeepTail(byte[] ring, long position, ReadOnlySpan<byte> data)
    {
        // Only the last ring.Length bytes of data can survive; copy those into their ring positions.
        var skip = Math.Max(0, data.Length - ring.Length);
        for (var i = skip; i < data.Length; i++)
        {
            ring[(int)((position + i) % ring.Length)] = data[i];
        }
    }
}
