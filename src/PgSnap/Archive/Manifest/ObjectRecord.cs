using System.Text.Json.Serialization;

namespace PgSnap.Archive.Manifest;

/// <summary>
/// One object the archive holds, as the manifest's <c>objects</c> list records it for <c>verify --against</c>
/// (docs/FORMAT.md, "Objects"): its identity (pg_identify_object's type and identity, the same in every database)
/// and XXH64 digests of its definition, privileges and comment. A component the dump's options left out
/// (--no-owner, --no-acl, --no-comments) is null and never compared.
/// </summary>
public sealed record ObjectRecord
{
    /// <summary>"table public.clients", "policy own_rows on public.notes"…</summary>
    [JsonPropertyName("i")]
    public string Identity { get; init; } = "";

    /// <summary>Digest of the definition (hex); empty for kinds whose definition is not digested.</summary>
    [JsonPropertyName("d")]
    public string Definition { get; init; } = "";

    [JsonPropertyName("o")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Owner { get; init; }

    /// <summary>Digest of the sorted ACL (with column ACLs), or "" when none is set.</summary>
    [JsonPropertyName("a")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Acl { get; init; }

    /// <summary>Digest of the comment (with column comments), or "" when none.</summary>
    [JsonPropertyName("c")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }
}
