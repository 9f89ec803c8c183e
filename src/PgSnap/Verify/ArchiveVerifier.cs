using System.Globalization;
using System.Text;
using System.Text.Json;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Restore.Splitting;

namespace PgSnap.Verify;

/// <summary>
/// Checks an archive without a server, in one streaming pass that works from a pipe as well as from a file:
/// the text goes through <see cref="BlockHashingStream"/> (XXH64 per block) into the restore's splitter (which tells
/// real marker lines from COPY rows that look like them, and counts COPY rows). At the end the blocks seen are
/// compared with the manifest, the manifest with the footer, and the recounted rows with both.
/// </summary>
/// <remarks>
/// pg_dump plain files get the checks that apply: every statement parses, every COPY ends with <c>\.</c>, the
/// "dump complete" trailer is last, and tables and rows are counted.
/// </remarks>
public static class ArchiveVerifier
{
    private const string PgDumpTrailer = "-- PostgreSQL database dump complete";

    /// <summary>Verifies <paramref name="input"/>, read from its start. Problems are reported, never thrown.</summary>
    public static async Task<VerifyReport> VerifyAsync(ArchiveInput input, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var state = new VerifyState();
        var hashing = new BlockHashingStream(input.Text);
        using (var splitter = new SqlScriptSplitter(hashing, input.Source))
        {
            try
            {
                await ReadAllAsync(splitter, hashing, state, cancellationToken).ConfigureAwait(false);
            }
            catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
            {
                // A decompression error or a statement / COPY cut short: the block in progress is the bad one.
                state.StreamError = ex.Message;
            }

            hashing.Cut(hashing.TotalRead);
        }

        var report = state.IsPgSnap
            ? await CheckPgSnapAsync(state, hashing.Ranges, input, cancellationToken).ConfigureAwait(false)
            : CheckPgDump(state, input);
        report = report with { UncompressedBytes = hashing.TotalRead };
        if (state.IsPgSnap && input.Path is not null && report.ErrorKind == PgSnapErrorKind.Corrupt)
        {
            // The stream can only say where the text broke; a seekable file can say exactly which block did.
            report = await LocateBadBlockAsync(report, input.Path, cancellationToken).ConfigureAwait(false);
        }

        return CheckRequired(report, state.DefinedTables, options);
    }

    private static async Task ReadAllAsync(SqlScriptSplitter splitter, BlockHashingStream hashing, VerifyState state, CancellationToken cancellationToken)
    {
        var first = true;
        while (true)
        {
            var kind = await splitter.ReadAsync(cancellationToken).ConfigureAwait(false);
            switch (kind)
            {
                case SqlItemKind.End:
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
            if (line.StartsWith(PgDumpTrailer, StringComparison.Ordinal))
            {
                state.PgDumpTrailerSeen = true;
            }
            else if (Restore.Safety.ScriptSurvey.TryParseEntry(Encoding.UTF8.GetBytes(line)) is { Kind: "TABLE" or "FOREIGN TABLE" } entry)
            {
                state.DefinedTables.Add((entry.Schema ?? "public", entry.Name));
            }

            return;
        }

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

            state.AfterFooter |= state.Footer is not null || state.Manifest is not null;
        }
        else if (line.StartsWith(ArchiveManifest.LinePrefix, StringComparison.Ordinal))
        {
            hashing.Cut(start);
            state.ManifestRawOffset = start;
            state.Manifest = TryJson(line[ArchiveManifest.LinePrefix.Length..], ArchiveJsonContext.Default.ArchiveManifest);
            state.ManifestUnreadable = state.Manifest is null;
            state.Blocks.Add(new SeenBlock(start, null, line));
        }
        else if (line.StartsWith(ArchiveFooter.LinePrefix.TrimEnd(), StringComparison.Ordinal) || line.StartsWith("-- pgsnap:end", StringComparison.Ordinal))
        {
            hashing.Cut(start);
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            state.Footer = ArchiveFooter.TryParseLine(bytes);
            state.FooterUnreadable = state.Footer is null;
            state.FooterRawOffset = start;
            state.Blocks.Add(new SeenBlock(start, null, line));
        }
    }

    private static void OnStatement(SqlScriptSplitter splitter, VerifyState state)
    {
        state.Statements++;
        if (state.Footer is not null || state.Manifest is not null)
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

    private static async Task<VerifyReport> CheckPgSnapAsync(VerifyState state, IReadOnlyList<HashedRange> ranges, ArchiveInput input, CancellationToken cancellationToken)
    {
        var problems = new List<VerifyProblem>();
        BadBlock? firstBad = null;
        var manifest = state.Manifest;
        var rangeAt = new Dictionary<long, HashedRange>();
        foreach (var r in ranges)
        {
            rangeAt[r.RawOffset] = r;
        }

        void Bad(BadBlock block, string code)
        {
            firstBad ??= block;
            problems.Add(new VerifyProblem { Code = code, Message = $"{block.Describe()}: {block.Problem}" });
        }

        if (state.StreamError is not null)
        {
            var last = state.Blocks.Count > 0 ? state.Blocks[^1] : null;
            var record = last?.Marker is { } m ? manifest?.Blocks.FirstOrDefault(b => b.Id == m.Id) : null;
            Bad(FromMarker(last, record, state.StreamError), "decompression");
        }

        if (manifest is not null)
        {
            var seenRows = state.RowsByBlockOffset();
            foreach (var record in manifest.Blocks)
            {
                if (firstBad is not null && problems.Count > 3)
                {
                    break; // the first bad block is named; a few more lines help, hundreds do not
                }

                var describe = FromRecord(record);
                if (!rangeAt.TryGetValue(record.RawOffset, out var seen))
                {
                    Bad(describe with { Problem = "not found in the stream where the manifest puts it" }, "structure");
                    continue;
                }

                var expected = ulong.TryParse(record.Xxh64, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : (ulong?)null;
                if (seen.RawLength != record.RawLength || expected != seen.Xxh64)
                {
                    Bad(describe with
                    {
                        Problem = seen.RawLength != record.RawLength
                        ? $"is {seen.RawLength} bytes uncompressed, the manifest says {record.RawLength}"
                        : $"checksum mismatch (xxh64 {seen.Xxh64:x16}, manifest {record.Xxh64})"
                    }, "checksum");
                    continue;
                }

                if (record.Rows is { } rows && seenRows.GetValueOrDefault(record.RawOffset) != rows)
                {
                    Bad(describe with { Problem = $"holds {seenRows.GetValueOrDefault(record.RawOffset)} rows, the manifest says {rows}" }, "rows");
                }
            }

            var expectedBlocks = manifest.Blocks.Count;
            var seenBlocks = 1 + state.Blocks.Count(static b => b.Marker is not null);
            if (seenBlocks != expectedBlocks && firstBad is null)
            {
                problems.Add(new VerifyProblem { Code = "structure", Message = $"the stream has {seenBlocks} blocks, the manifest lists {expectedBlocks}" });
            }
        }
        else if (state.ManifestUnreadable)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = $"the manifest at uncompressed byte {state.ManifestRawOffset} is not valid JSON" });
        }

        CheckFooter(state, manifest, rangeAt, problems, ref firstBad);
        if (input.Path is not null && state.Footer is not null && problems.Count == 0)
        {
            await CheckLayoutAsync(input, state.Footer, problems, cancellationToken).ConfigureAwait(false);
        }

        return new VerifyReport
        {
            Source = input.Source,
            Format = "pgsnap",
            Compression = CompressionName(input.Compression),
            Complete = state.Footer is not null && !state.AfterFooter,
            Header = state.Header,
            FinishedUtc = manifest?.FinishedUtc,
            Blocks = 1 + state.Blocks.Count(static b => b.Marker is not null),
            Statements = state.Statements,
            Tables = Tables(state, manifest),
            FirstBadBlock = firstBad,
            Problems = problems,
        };
    }

    private static void CheckFooter(VerifyState state, ArchiveManifest? manifest, Dictionary<long, HashedRange> rangeAt, List<VerifyProblem> problems, ref BadBlock? firstBad)
    {
        if (state.Footer is null)
        {
            var last = state.Blocks.LastOrDefault(static b => b.Marker is not null);
            var message = state.FooterUnreadable
                ? $"the completion marker at uncompressed byte {state.FooterRawOffset} is damaged"
                : "no completion marker: the archive is incomplete (the dump did not finish or the file was cut)";
            firstBad ??= state.FooterUnreadable ? null : FromMarker(last, last?.Marker is { } m ? manifest?.Blocks.FirstOrDefault(b => b.Id == m.Id) : null,
                $"the stream ends in this block, at uncompressed byte {state.TotalObservedEnd(rangeAt)}");
            problems.Add(new VerifyProblem { Code = "incomplete", Message = firstBad is null ? message : $"{message}; it ends in {firstBad.Describe()}" });
            return;
        }

        if (state.AfterFooter)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = "there is content after the completion marker" });
        }

        if (manifest is null)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = "the completion marker is there but the manifest is missing" });
            return;
        }

        if (!rangeAt.TryGetValue(state.ManifestRawOffset, out var manifestRange) || manifestRange.Xxh64 != state.Footer.ManifestXxh64)
        {
            problems.Add(new VerifyProblem { Code = "manifest", Message = $"the manifest (at byte {state.Footer.ManifestOffset}) fails the checksum the completion marker records" });
        }

        if (manifest.Blocks.Count > 0 && manifest.Blocks[^1] is { } lastBlock && lastBlock.Offset + lastBlock.Length != state.Footer.ManifestOffset)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = $"the manifest should start at byte {lastBlock.Offset + lastBlock.Length}, the completion marker says {state.Footer.ManifestOffset}" });
        }
    }

    /// <summary>For a file: the footer really is the file's last bytes, and the manifest sits right before it.</summary>
    private static async Task CheckLayoutAsync(ArchiveInput input, ArchiveFooter footer, List<VerifyProblem> problems, CancellationToken cancellationToken)
    {
        var info = new FileInfo(input.Path!);
        var expected = footer.ManifestOffset + footer.ManifestLength + ArchiveFooter.EncodedLength(input.Compression);
        if (info.Length != expected)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = $"the file is {info.Length} bytes, the completion marker implies {expected}" });
            return;
        }

        // The index reads the footer from the file's end and the manifest it points to, as restore -j does.
        using var index = await ArchiveIndex.TryOpenAsync(input.Path!, cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = "the file's last bytes are not a readable completion marker" });
        }
    }

    /// <summary>The stream can only say where the text broke; a seekable file can say exactly which block did.</summary>
    private static async Task<VerifyReport> LocateBadBlockAsync(VerifyReport report, string path, CancellationToken cancellationToken)
    {
        ArchiveIndex? index;
        try
        {
            index = await ArchiveIndex.TryOpenAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
        {
            return report; // the manifest itself is damaged: the streaming pass already said so
        }

        using (index)
        {
            return index is not null && await BlockChecksumScan.FindFirstBadAsync(index, cancellationToken).ConfigureAwait(false) is { } bad
                ? report with { FirstBadBlock = bad }
                : report;
        }
    }

    private static VerifyReport CheckPgDump(VerifyState state, ArchiveInput input)
    {
        var problems = new List<VerifyProblem>();
        if (state.StreamError is not null)
        {
            problems.Add(new VerifyProblem { Code = "structure", Message = state.StreamError });
        }

        if (!state.PgDumpTrailerSeen)
        {
            problems.Add(new VerifyProblem { Code = "incomplete", Message = $"no \"{PgDumpTrailer}\" line at the end: the dump did not finish or the file was cut" });
        }

        return new VerifyReport
        {
            Source = input.Source,
            Format = "pg_dump",
            Compression = CompressionName(input.Compression),
            Complete = state.PgDumpTrailerSeen,
            Statements = state.Statements,
            Tables = Tables(state, null),
            Problems = problems,
        };
    }

    /// <summary>
    /// A required table is present when the archive holds its rows or, in a schema-only archive, its CREATE TABLE;
    /// with --require-rows it must also have rows.
    /// </summary>
    private static VerifyReport CheckRequired(VerifyReport report, HashSet<(string Schema, string Name)> defined, VerifyOptions options)
    {
        if (options.RequiredTables.Count == 0)
        {
            return report;
        }

        var results = new List<RequiredTableResult>();
        var problems = report.Problems.ToList();
        foreach (var wanted in options.RequiredTables)
        {
            var table = FindTable(report.Tables, wanted);
            var definedOnly = table is null && defined.Contains(SplitName(wanted));
            results.Add(new RequiredTableResult { Table = wanted, Present = table is not null || definedOnly, Rows = table?.Rows });
            if (definedOnly)
            {
                if (options.RequireRows)
                {
                    problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} is defined but the archive holds none of its rows" });
                }
            }
            else if (table is null)
            {
                problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} is not in the archive" });
            }
            else if (options.RequireRows && table.Rows == 0)
            {
                problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} has no rows" });
            }
        }

        return report with { Required = results, Problems = problems };
    }

    /// <summary>Finds <c>schema.name</c> (or a bare name, read as public) among the tables.</summary>
    public static VerifiedTable? FindTable(IReadOnlyList<VerifiedTable> tables, string wanted)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(wanted);
        var (schema, name) = SplitName(wanted);
        return tables.FirstOrDefault(t => (t.Schema ?? "public") == schema && t.Name == name);
    }

    private static (string Schema, string Name) SplitName(string wanted)
    {
        var dot = wanted.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("public", wanted) : (wanted[..dot], wanted[(dot + 1)..]);
    }

    private static List<VerifiedTable> Tables(VerifyState state, ArchiveManifest? manifest)
    {
        var result = new List<VerifiedTable>();
        var seen = new HashSet<(string?, string)>();
        if (manifest is not null)
        {
            foreach (var t in manifest.Tables)
            {
                seen.Add((t.Schema, t.Name));
                result.Add(new VerifiedTable { Schema = t.Schema, Name = t.Name, ManifestRows = t.Rows, Rows = state.TableRows.GetValueOrDefault((t.Schema, t.Name)) });
            }
        }

        foreach (var (key, rows) in state.TableRows)
        {
            if (seen.Add(key))
            {
                result.Add(new VerifiedTable { Schema = key.Schema, Name = key.Name, Rows = rows });
            }
        }

        return result;
    }

    private static BadBlock FromRecord(BlockRecord record) => BadBlock.From(record);

    private static BadBlock FromMarker(SeenBlock? block, BlockRecord? record, string problem) =>
        record is not null ? FromRecord(record) with { Problem = problem }
        : new BadBlock
        {
            Id = block?.Marker?.Id ?? (block is null ? 0 : null),
            Section = block?.Marker?.Section ?? (block is null ? "header" : null),
            Kind = block?.Marker?.Kind,
            Schema = block?.Marker?.Schema,
            Name = block?.Marker?.Name,
            Offset = null,
            RawOffset = block?.RawOffset ?? 0,
            Problem = problem,
        };

    private static T? TryJson<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
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

    internal static string CompressionName(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => "gzip",
        ArchiveCompression.Lz4 => "lz4",
        _ => "none",
    };

    /// <summary>A block as the stream showed it: where its marker starts and what the marker says.</summary>
    private sealed record SeenBlock(long RawOffset, BlockMarker? Marker, string Line);

    private sealed class VerifyState
    {
        public bool IsPgSnap { get; set; }

        public ArchiveHeader? Header { get; set; }

        public List<SeenBlock> Blocks { get; } = [];

        public ArchiveManifest? Manifest { get; set; }

        public bool ManifestUnreadable { get; set; }

        public long ManifestRawOffset { get; set; } = -1;

        public ArchiveFooter? Footer { get; set; }

        public bool FooterUnreadable { get; set; }

        public long FooterRawOffset { get; set; }

        public bool AfterFooter { get; set; }

        public bool PgDumpTrailerSeen { get; set; }

        public string? StreamError { get; set; }

        public long Statements { get; set; }

        public (string? Schema, string Name)? CopyTarget { get; set; }

        public Dictionary<(string? Schema, string Name), long> TableRows { get; } = [];

        /// <summary>Tables whose definition the archive holds (block markers, pg_dump's TOC comments), with or without rows.</summary>
        public HashSet<(string Schema, string Name)> DefinedTables { get; } = [];

        /// <summary>Rows per data block, keyed by the block's uncompressed offset.</summary>
        private readonly Dictionary<long, long> _blockRows = [];

        public void EnsureTable((string? Schema, string Name)? table)
        {
            if (table is { } t)
            {
                TableRows.TryAdd(Key(t), 0);
            }
        }

        public void AddRows(long rows)
        {
            if (IsPgSnap && Blocks.Count > 0)
            {
                var block = Blocks[^1];
                _blockRows[block.RawOffset] = _blockRows.GetValueOrDefault(block.RawOffset) + rows;
            }

            var target = IsPgSnap && Blocks.Count > 0 && Blocks[^1].Marker is { Name: not null } m ? (m.Schema, m.Name!) : CopyTarget;
            if (target is { } t)
            {
                var key = Key(t);
                TableRows[key] = TableRows.GetValueOrDefault(key) + rows;
            }
        }

        public Dictionary<long, long> RowsByBlockOffset() => _blockRows;

        public long TotalObservedEnd(Dictionary<long, HashedRange> ranges) =>
            ranges.Count == 0 ? 0 : ranges.Values.Max(static r => r.RawOffset + r.RawLength);

        // pg_dump names tables schema-qualified; a bare name is in public.
        private static (string? Schema, string Name) Key((string? Schema, string Name) t) => (t.Schema ?? "public", t.Name);
    }
}
