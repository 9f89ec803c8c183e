using System.IO.Hashing;

namespace PgSnap.Archive.Writing;

/// <summary>
/// A data block written in pieces because one of its rows is bigger than a block (docs/FORMAT.md, "Blocks written
/// in pieces"): each piece is compressed on its own (a gzip member, an LZ4 frame) and appended as soon as it is
/// full, so the dump holds a piece, never the row. The block's checksum is of its whole uncompressed text, and it is
/// recorded in the manifest as one block once it ends; until then the blocks after it wait.
/// </summary>
internal sealed class PiecewiseBlock(ArchiveWriter writer, int id, BlockInfo info)
{
    private readonly XxHash64 _hash = new();

    /// <summary>Encodes and appends the bytes [<paramref name="start"/>, end) of <paramref name="raw"/> (taking ownership of it).</summary>
    public async ValueTask AppendAsync(PooledBuffer raw, int start, CancellationToken cancellationToken)
    {
        _hash.Append(raw.WrittenSpan[start..]);
        var piece = writer.Encoder.Encode(id, info, raw, start, rows: null);
        await writer.AppendPieceAsync(id, piece, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the block after its last piece; <paramref name="rows"/> is the number of rows it holds.</summary>
    public ValueTask EndAsync(long rows, CancellationToken cancellationToken) =>
        writer.EndPiecesAsync(id, info, _hash.GetCurrentHashAsUInt64(), rows, cancellationToken);
}
