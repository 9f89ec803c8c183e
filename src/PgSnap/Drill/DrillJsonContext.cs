using System.Text.Json.Serialization;

namespace PgSnap.Drill;

/// <summary>Source-generated JSON for the drill's sidecar and <c>--json</c> output (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DrillReport))]
public sealed partial class DrillJsonContext : JsonSerializerContext;
