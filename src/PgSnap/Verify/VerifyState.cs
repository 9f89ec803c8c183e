using PgSnap.Archive.Manifest;

namespace PgSnap.Verify;

/// <summary>A block as the stream showed it: where its marker starts and what the marker says.</summary>
internal sealed record SeenBlock(long RawOffset, BlockMarker? Marker, string Line);

/// <summary>What one streaming pass over an archive has seen so far: blocks, header, manifest, footer, rows per table.</summary>
internal sealed class VerifyState
{
    public bool IsPgSnap { get; set; }

    public ArchiveHeader? Header { get; set; }

    public List<SeenBlock> Blocks { get; } = [];

    public ArchiveManifest? Manifest { get; set; }

    public bool ManifestUnreadable { get; set; }

    /// <summary>The manifest block's lines seen so far (null before the first): parsed once the block ends.</summary>
    public System.Buffers.ArrayBufferWriter<byte>? ManifestLines { get; set; }

    /// <summary>True once the manifest block ended (another structural line, or the end of the text).</summary>
    public bool ManifestEnded { get; set; }

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

    /// <summary>The tables of the report: the manifest's (with the recounted rows), then any the text alone showed.</summary>
    public static List<VerifiedTable> Tables(VerifyState state, ArchiveManifest? manifest)
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
}
