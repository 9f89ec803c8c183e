using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// Opens each block of a seekable archive alone through its footer and manifest (as restore -j does) and names the
/// first one that does not decompress to exactly its recorded length and XXH64. Verify uses it to point at the bad
/// block of a damaged file; the drill and the safety backup use it as their integrity check. One pooled buffer.
/// </summary>
internal static class BlockChecksumScan
{
    /// <summary>The first bad block, or null when every block checks out.</summary>
    public static async Task<BadBlock?> FindFirstBadAsync(ArchiveIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var hash = new XxHash64();
            foreach (var record in index.Manifest.Blocks)
            {
                hash.Reset();
                long length = 0;
                try
                {
                    await using var block = index.OpenBlock(record);
                    int n;
                    while ((n = await block.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.Append(buffer.AsSpan(0, n));
                        length += n;
                    }
                }
                catch (Exception ex) when (ex is PgSnapException or IOException or InvalidDataException)
                {
                    return BadBlock.From(record) with { Problem = "cannot be read: " + ex.Message.ReplaceLineEndings(" ") };
                }

                var actual = hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture);
                if (length != record.RawLength || !string.Equals(actual, record.Xxh64, StringComparison.OrdinalIgnoreCase))
                {
                    return BadBlock.From(record) with
                    {
                        Problem = $"fails its checksum ({length} bytes, xxh64 {actual}; the manifest says {record.RawLength} bytes, xxh64 {record.Xxh64})",
                    };
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Throws <see cref="PgSnapErrorKind.Corrupt"/> naming the first bad block of an archive file, or its missing footer.</summary>
    public static async Task EnsureIntactAsync(string archivePath, CancellationToken cancellationToken)
    {
        using var index = await ArchiveIndex.TryOpenAsync(archivePath, cancellationToken).ConfigureAwait(false)
            ?? throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{archivePath} is not a complete PgSnap archive (no completion marker at its end)");
        if (await FindFirstBadAsync(index, cancellationToken).ConfigureAwait(false) is { } bad)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{archivePath}: {bad.Describe()} {bad.Problem}");
        }
    }
}
