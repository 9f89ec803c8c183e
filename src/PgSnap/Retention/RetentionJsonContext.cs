using System.Text.Json.Serialization;

namespace PgSnap.Retention;

/// <summary>Source-generated JSON for prune's report (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(PruneReport))]
public sealed partial class RetentionJsonContext : JsonSerializerContext;
