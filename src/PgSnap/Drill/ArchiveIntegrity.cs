using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using PgSnap.Archive.Reading;

namespace PgSnap.Drill;

/// <summary>
/// Proves an archive is whole before it is restored: the footer and manifest are there (ArchiveIndex), and every
/// block decompresses to exactly its recorded length and XXH64. A restore alone would not notice a flipped byte
/// inside a COPY row; this does. Streams each block through one pooled buffer.
/// </summary>
internal static class ArchiveIntegrity
{
    /// <summary>Returns the first problem found as one line, or null when every block checks out.</summary>
    public static async Task<string?> FindFirstProblemAsync(ArchiveIndex index, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var hash = new XxHash64();
            foreach (var block in index.Manifest.Blocks)
            {
                hash.Reset();
                long length = 0;
                try
                {
                    await using var stream = index.OpenBlock(block);
                    int n;
                    while ((n = await stream.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false)) > 0)
                    {
                        hash.Append(buffer.AsSpan(0, n));
                        length += n;
                    }
                }
                catch (Exception ex) when (ex is PgSnapException or IOException or InvalidDataException)
                {
                    return $"block {block.Id} ({Describe(block)}) at byte {block.Offset} cannot be read: {ex.Message.ReplaceLineEndings(" ")}";
                }

                var actual = hash.GetCurrentHashAsUInt64().ToString("x16", CultureInfo.InvariantCulture);
                if (length != block.RawLength || !string.Equals(actual, block.Xxh64, StringComparison.OrdinalIgnoreCase))
                {
                    return $"block {block.Id} ({Describe(block)}) at byte {block.Offset} fails its checksum ({length} bytes, xxh64 {actual}; manifest says {block.RawLength} bytes, xxh64 {block.Xxh64})";
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Describe(Archive.Manifest.BlockRecord block) =>
        block.Schema is null ? $"{block.Kind} {block.Name}" : $"{block.Kind} {block.Schema}.{block.Name}";
}
