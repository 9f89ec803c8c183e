using System.Globalization;
using System.IO.Hashing;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Reading;

/// <summary>
/// The check every reader of a block by its manifest record makes (docs/FORMAT.md, "Manifest"): the block's
/// uncompressed bytes, fed in as they go by, must be exactly its <c>raw_length</c> with its <c>xxh64</c>. Verify's
/// search for the bad block, the drill and restore's checked stream all judge a block here, so they agree on what a
/// damaged block is and say it in the same words.
/// </summary>
internal sealed class BlockDigest
{
    private readonly XxHash64 _hash = new();
    private long _length;

    /// <summary>Starts a new block.</summary>
    public void Reset()
    {
        _hash.Reset();
        _length = 0;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.Append(bytes);
        _length += bytes.Length;
    }

    /// <summary>Null when the bytes appended since <see cref="Reset"/> are the block <paramref name="record"/> describes; else what differs.</summary>
    public string? Mismatch(BlockRecord record) => Mismatch(_length, _hash.GetCurrentHashAsUInt64(), record);

    /// <summary>
    /// The same judgement for a block whose bytes were hashed elsewhere (verify's streaming pass hashes the text
    /// between markers before it has read the manifest): null when <paramref name="length"/> and
    /// <paramref name="xxh64"/> are what <paramref name="record"/> says; else what differs.
    /// </summary>
    public static string? Mismatch(long length, ulong xxh64, BlockRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var actual = xxh64.ToString("x16", CultureInfo.InvariantCulture);
        return length == record.RawLength && string.Equals(actual, record.Xxh64, StringComparison.OrdinalIgnoreCase)
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"fails its checksum ({length} bytes, xxh64 {actual}; the manifest says {record.RawLength} bytes, xxh64 {record.Xxh64})");
    }
}
