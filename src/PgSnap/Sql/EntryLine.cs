using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;

namespace PgSnap.Sql;

/// <summary>
/// The lines of a script that name the entry that follows: a PgSnap block marker (docs/FORMAT.md) and pg_dump's
/// <c>-- Name: n; Type: T; Schema: s; Owner: o</c> comment (also <c>-- Data for Name: …</c> before a table's rows).
/// The one parser of both, for restore's survey and executor, verify and list.
/// </summary>
internal static class EntryLine
{
    private static readonly byte[] s_markerPrefix = Encoding.ASCII.GetBytes(BlockMarker.LinePrefix);

    /// <summary>The entry a marker line or a pg_dump comment line names; null for any other line.</summary>
    public static NamedEntry? TryParse(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith(s_markerPrefix))
        {
            return TryParseMarker(line[s_markerPrefix.Length..]) is { Name: not null } marker
                ? new NamedEntry(marker.Kind, marker.Schema, marker.Name, marker.Owner)
                : null;
        }

        return line.StartsWith("-- Name: "u8) || line.StartsWith("-- Data for Name: "u8)
            ? TryParsePgDumpComment(Encoding.UTF8.GetString(line))
            : null;
    }

    /// <summary>The JSON of a block marker (what follows <see cref="BlockMarker.LinePrefix"/>); null when it does not parse.</summary>
    public static BlockMarker? TryParseMarker(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ArchiveJsonContext.Default.BlockMarker);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// pg_dump's <c>-- Name: clients; Type: TABLE; Schema: public; Owner: postgres</c> ("-" for no schema or owner),
    /// or <c>-- Data for Name: …</c>. Names are not quoted there, so a name may itself hold "; ": the type comes after
    /// the first "; Type: ", the schema before the last "; Owner: ".
    /// </summary>
    public static NamedEntry? TryParsePgDumpComment(string line)
    {
        const string TypeTag = "; Type: ", SchemaTag = "; Schema: ", OwnerTag = "; Owner: ";
        var text = line.StartsWith("-- Name: ", StringComparison.Ordinal) ? line[3..]
            : line.StartsWith("-- Data for Name: ", StringComparison.Ordinal) ? line[12..]
            : null;
        var typeAt = text?.IndexOf(TypeTag, StringComparison.Ordinal) ?? -1;
        if (text is null || typeAt < 0)
        {
            return null;
        }

        var name = text[6..typeAt];
        var rest = text[(typeAt + TypeTag.Length)..];
        var ownerAt = rest.LastIndexOf(OwnerTag, StringComparison.Ordinal);
        var owner = ownerAt < 0 ? null : rest[(ownerAt + OwnerTag.Length)..];
        rest = ownerAt < 0 ? rest : rest[..ownerAt];
        var schemaAt = rest.IndexOf(SchemaTag, StringComparison.Ordinal);
        var type = schemaAt < 0 ? rest : rest[..schemaAt];
        var schema = schemaAt < 0 ? null : rest[(schemaAt + SchemaTag.Length)..];
        return new NamedEntry(type, schema == "-" ? null : schema, name, owner is null or "-" ? null : owner);
    }
}

/// <summary>An entry as its marker or comment line names it.</summary>
/// <param name="Kind">pg_dump's descriptor: TABLE, TABLE DATA, INDEX, …</param>
/// <param name="Schema">Null for objects outside a schema.</param>
/// <param name="Name">As the line writes it (pg_dump: unquoted).</param>
/// <param name="Owner">Null when the line names none.</param>
internal sealed record NamedEntry(string Kind, string? Schema, string Name, string? Owner);
