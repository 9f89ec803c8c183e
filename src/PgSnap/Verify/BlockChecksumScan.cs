using System.Buffers;
using PgSnap.Archive.Reading;

namespace PgSnap.Verify;

/// <summary>
/// Opens each block of a seekable archive alone through its footer and manifest (as restore -j does) and names the
/// first one that does not decompress to exactly its recorded length and XXH64. Verify uses it to point at the bad
/// block of a damaged file; the drill uses it as its integrity check. What counts as a bad block is
/// <see cref="BlockDigest"/>'s, shared with restore's checked stream. One pooled buffer.
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
            var digest = new BlockDigest();
            foreach (var record in index.Manifest.Blocks)
            {
                digest.Reset();
                try
                {
                    await using var block = index.OpenBlock(record);
                    int n;
                    while ((n = await block.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        digest.Append(buffer.AsSpan(0, n));
                    }
                }
                catch (Exception ex) when (ex is PgSnapException or IOException or InvalidDataException)
                {
                    return BadBlock.From(record) with { Problem = "cannot be read: " + ex.Message.ReplaceLineEndings(" ") };
                }

                if (digest.Mismatch(record) is { } problem)
                {
                    return BadBlock.From(record) with { Problem = problem };
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
