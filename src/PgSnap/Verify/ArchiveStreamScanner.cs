using System.Buffers;
using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Sql;

namespace PgSnap.Verify;

/// <summary>
/// The streaming pass of verify: the text goes through <see cref="BlockHashingStream"/> (XXH64 per block) into the
/// restore's splitter, which tells real marker lines from COPY rows that look like them and counts COPY rows; each
/// item updates a <see cref="VerifyState"/>. Works from a pipe as well as from a file.
/// </summary>
internal static class ArchiveStreamScanner
{
    /// <summary>Reads the whole text once, feeding every marker, statement, COPY end and meta-command into <paramref name="state"/>.</summary>
    public static async Task ReadAllAsync(SqlScriptSplitter splitter, BlockHashingStream hashing, VerifyState state, CancellationToken cancellationToken)
    {
        var first = true;
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (kind)
            {
                case SqlItemKind.End:
                    EndManifest(state);
                    return;
                case SqlItemKind.Marker:
                    {
                        var line = splitter.Current.Span;
                        var start = Math.Max(0, splitter.BytesConsumed - line.Length - 1);
                        if (first && line.SequenceEqual(Encoding.ASCII.GetBytes(ArchiveHeader.FirstLine)))
                        {
                            state.IsPgSnap = true;
                        }

                        OnMarker(Encoding.UTF8.GetString(line), start, hashing, state);
                        break;
                    }

                case SqlItemKind.Statement:
                    OnStatement(splitter, state);
                    break;
                case SqlItemKind.CopyEnd:
                    state.AddRows(splitter.CopyRows);
                    state.CopyTarget = null;
                    break;
                case SqlItemKind.MetaCommand:
                    OnMetaCommand(Encoding.UTF8.GetString(splitter.Current.Span).Trim(), splitter.Line, state);
                    break;
            }

            first = false;
            hashing.Release(splitter.BytesConsumed);
        }
    }

    private static void OnMarker(string line, long start, BlockHashingStream hashing, VerifyState state)
    {
        if (!state.IsPgSnap)
        {
            if (line.StartsWith(PgDumpFileChecks.Trailer, StringComparison.Ordinal))
            {
                state.PgDumpTrailerSeen = true;
            }
            else if (EntryLine.TryParsePgDumpComment(line) is { Kind: "TABLE" or "FOREIGN TABLE" } entry)
            {
                state.DefinedTables.Add((entry.Schema ?? "public", entry.Name));
            }

            return;
        }

        var manifestLine = line.StartsWith(ArchiveManifest.LinePrefix, StringComparison.Ordinal);
        if (manifestLine && state.ManifestLines is not null)
        {
            // A further line of the manifest block (docs/FORMAT.md, "Manifest"): the block is open.
            state.ManifestLines.Write(Encoding.UTF8.GetBytes(line + "\n"));
            return;
        }

        EndManifest(state);
        if (line.StartsWith(ArchiveHeader.LinePrefix, StringComparison.Ordinal))
        {
            state.Header = TryJson(line[ArchiveHeader.LinePrefix.Length..], ArchiveJsonContext.Default.ArchiveHeader);
        }
        else if (line.StartsWith(BlockMarker.LinePrefix, StringComparison.Ordinal))
        {
            hashing.Cut(start);
            var marker = TryJson(line[BlockMarker.LinePrefix.Length..], ArchiveJsonContext.Default.BlockMarker);
            state.Blocks.Add(new SeenBlock(start, marker, line));
            if (marker is { Kind: "TABLE" or "FOREIGN TABLE", Name: { } defined })
            {
                state.DefinedTables.Add((marker.Schema ?? "public", defined));
            }

            state.AfterFooter |= state.Footer is not null || state.ManifestEnded;
        }
        else if (manifestLine)
        {
            hashing.Cut(start);
            state.ManifestRawOffset = start;
            state.ManifestLines = new ArrayBufferWriter<byte>();
            state.Blocks.Add(new SeenBlock(start, null, line));
            state.ManifestLines.Write(Encoding.UTF8.GetBytes(line + "\n"));
        }
        else if (line.StartsWith(ArchiveFormat.FooterLineStart, StringComparison.Ordinal))
        {
            hashing.Cut(start);
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            state.Footer = ArchiveFooter.TryParseLine(bytes);
            state.FooterUnreadable = state.Footer is null;
            state.FooterRawOffset = start;
            state.Blocks.Add(new SeenBlock(start, null, line));
        }
    }

    /// <summary>The manifest's lines end at the next structural line or at the end of the text: parse them then.</summary>
    private static void EndManifest(VerifyState state)
    {
        if (state.ManifestLines is not { } lines || state.ManifestEnded)
        {
            return;
        }

        state.ManifestEnded = true;
        var json = ManifestText.Join(lines.WrittenSpan);
        state.Manifest = json is not null && TryJson(json, ArchiveJsonContext.Default.ArchiveManifest) is { IsWellFormed: true } manifest ? manifest : null;
        state.ManifestUnreadable = state.Manifest is null;
        state.ManifestLines = null;
    }

    private static void OnStatement(SqlScriptSplitter splitter, VerifyState state)
    {
        EndManifest(state);
        state.Statements++;
        if (state.Footer is not null || state.ManifestEnded)
        {
            state.AfterFooter = true;
        }

        var text = splitter.Current.Span;
        if (!state.IsPgSnap && text.Length > 0 && text[^1] != (byte)';')
        {
            state.StreamError ??= $"{splitter.Source}:{splitter.Line}: statement does not end with ';' (cut short?)";
        }

        if (state.PgDumpTrailerSeen)
        {
            state.PgDumpTrailerSeen = false; // something after the trailer: it was not the end
        }

        var firstWord = splitter.FirstWord;
        if (splitter.IsCopyFromStdin)
        {
            state.CopyTarget = SqlRowCounter.TargetTable(text);
            state.EnsureTable(state.CopyTarget);
        }
        else if (firstWord.SequenceEqual("insert"u8))
        {
            var target = SqlRowCounter.TargetTable(text);
            state.CopyTarget = target;
            state.AddRows(SqlRowCounter.CountInsertRows(text));
            state.CopyTarget = null;
        }
    }

    private static void OnMetaCommand(string command, long line, VerifyState state)
    {
        var word = command.Split(' ', 2)[0];
        if (state.IsPgSnap || word is not ("\\connect" or "\\c" or "\\restrict" or "\\unrestrict"))
        {
            state.StreamError ??= $"line {line}: psql meta-command '{word}' is not allowed in an archive";
        }
    }

    private static T? TryJson<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class =>
        TryJson(Encoding.UTF8.GetBytes(json), type);

    private static T? TryJson<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
