using System.Globalization;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Reading;

/// <summary>How every message names a block: "block 12 (TABLE DATA public.clients) at byte 4096" (verify, drill and restore alike).</summary>
internal static class BlockDescription
{
    public static string Of(BlockRecord record) =>
        Of(record.Id, record.Kind, record.Schema, record.Name, record.Offset, record.RawOffset);

    /// <param name="id">The manifest's id; null when no manifest knows the block.</param>
    /// <param name="kind">The entry's kind.</param>
    /// <param name="schema">The object's schema, if any.</param>
    /// <param name="name">The object's name, if any.</param>
    /// <param name="offset">Byte offset in the file (compressed); null when unknown.</param>
    /// <param name="rawOffset">Byte offset in the uncompressed text.</param>
    public static string Of(int? id, string? kind, string? schema, string? name, long? offset, long rawOffset)
    {
        var obj = name is null ? "" : " " + (schema is null ? name : $"{schema}.{name}");
        var where = offset is { } o ? $"at byte {o}" : $"at uncompressed byte {rawOffset}";
        return $"block {(id is { } i ? i.ToString(CultureInfo.InvariantCulture) : "?")} ({kind}{obj}) {where}";
    }
}
