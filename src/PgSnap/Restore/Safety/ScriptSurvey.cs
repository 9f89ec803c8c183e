using System.Text;
using System.Text.Json;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Restore.Classification;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Splitting;

namespace PgSnap.Restore.Safety;

/// <summary>
/// A read-only pass over a seekable input before anything runs: refuses forbidden meta-commands with file and
/// line, collects the roles the script makes owners or grantees, and the objects it creates (for --clean).
/// </summary>
public sealed class ScriptSurvey
{
    private ScriptSurvey(IReadOnlySet<string> ownerRoles, IReadOnlySet<string> aclRoles, IReadOnlyList<TocEntry> entries)
    {
        OwnerRoles = ownerRoles;
        AclRoles = aclRoles;
        Entries = entries;
    }

    /// <summary>Roles named by ALTER … OWNER TO.</summary>
    public IReadOnlySet<string> OwnerRoles { get; }

    /// <summary>Roles named by GRANT / REVOKE / ALTER DEFAULT PRIVILEGES.</summary>
    public IReadOnlySet<string> AclRoles { get; }

    /// <summary>Objects the script creates, in script order.</summary>
    public IReadOnlyList<TocEntry> Entries { get; }

    /// <summary>
    /// Reads the whole input once (decompressing it; COPY rows are skipped over, not parsed). With the
    /// <paramref name="index"/> of a complete PgSnap archive, the same pass checks every block against the
    /// manifest's length and checksum (<see cref="CheckedArchiveStream"/>): a damaged block throws
    /// <see cref="PgSnapErrorKind.Corrupt"/> before anything runs.
    /// </summary>
    internal static async Task<ScriptSurvey> RunAsync(RestoreSource source, ArchiveIndex? index, CancellationToken cancellationToken)
    {
        if (index is not null)
        {
            await using var text = CheckedArchiveStream.Open(index, source.Name);
            using var checkedSplitter = new SqlScriptSplitter(text, source.Name);
            return await SurveyAsync(checkedSplitter, cancellationToken).ConfigureAwait(false);
        }

        await using var input = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var splitter = new SqlScriptSplitter(input.Text, input.Source);
        return await SurveyAsync(splitter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ScriptSurvey> SurveyAsync(SqlScriptSplitter splitter, CancellationToken cancellationToken)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var acl = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<TocEntry>();
        var completion = new ScriptCompletion();
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (kind)
            {
                case SqlItemKind.End:
                    // A truncated dump must not be half restored: the survey sees the end before anything runs.
                    return completion.IsComplete
                        ? new ScriptSurvey(owners, acl, entries)
                        : throw completion.Incomplete(splitter.Source, "nothing was restored");
                case SqlItemKind.MetaCommand:
                    var meta = MetaCommand.Parse(splitter.Current.Span);
                    if (!meta.IsConnect && !meta.IsRestrictToggle)
                    {
                        throw ScriptExecutor.RefuseMeta(meta, $"{splitter.Source}:{splitter.Line}");
                    }

                    break;
                case SqlItemKind.Marker:
                    completion.OnMarker(splitter.Current.Span);
                    if (TryParseEntry(splitter.Current.Span) is { } entry)
                    {
                        entries.Add(entry);
                    }

                    break;
                case SqlItemKind.Statement:
                    completion.OnStatement();
                    var info = StatementClassifier.Classify(splitter.Current.Span, splitter.FirstWord);
                    switch (info.Kind)
                    {
                        case StatementKind.OwnerTo:
                            owners.UnionWith(info.Roles);
                            break;
                        case StatementKind.Privileges:
                            acl.UnionWith(info.Roles);
                            break;
                        case StatementKind.SetStandardConformingStrings:
                            splitter.StandardConformingStrings = info.StandardConformingStrings ?? true;
                            break;
                    }

                    break;
            }
        }
    }

    /// <summary>Parses a PgSnap block marker or a pg_dump "-- Name: n; Type: T; Schema: s; Owner: o" line.</summary>
    internal static TocEntry? TryParseEntry(ReadOnlySpan<byte> line)
    {
        var blockPrefix = Encoding.ASCII.GetBytes(BlockMarker.LinePrefix);
        if (line.StartsWith(blockPrefix))
        {
            try
            {
                var marker = JsonSerializer.Deserialize(line[blockPrefix.Length..], ArchiveJsonContext.Default.BlockMarker);
                return marker is { Name: not null } && marker.Section != "data"
                    ? new TocEntry(marker.Kind, marker.Schema, marker.Name)
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        if (!line.StartsWith("-- Name: "u8))
        {
            return null;
        }

        // pg_dump: "-- Name: clients; Type: TABLE; Schema: public; Owner: postgres" ("-" for no schema).
        var text = Encoding.UTF8.GetString(line[3..]);
        string? name = null, type = null, schema = null;
        foreach (var part in text.Split("; ", StringSplitOptions.None))
        {
            var colon = part.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var value = part[(colon + 2)..];
            switch (part[..colon])
            {
                case "Name":
                    name = value;
                    break;
                case "Type":
                    type = value;
                    break;
                case "Schema":
                    schema = value == "-" ? null : value;
                    break;
            }
        }

        return name is not null && type is not null ? new TocEntry(type, schema, name) : null;
    }
}
