using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>
/// Source-generated JSON for everything the archive stores, so reading and writing it needs no reflection
/// (Native AOT). Compact output: header, markers and manifest are each one line of the file.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ArchiveHeader))]
[JsonSerializable(typeof(BlockMarker))]
[JsonSerializable(typeof(ArchiveManifest))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
