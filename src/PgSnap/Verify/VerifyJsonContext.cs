using System.Text.Json.Serialization;

namespace PgSnap.Verify;

/// <summary>Source-generated JSON for verify and list output (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(TableOfContents))]
public sealed partial class VerifyJsonContext : JsonSerializerContext;
