using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Ddl;
using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The tables whose rows this restore loads with <c>COPY … FREEZE</c> (docs/ARCHITECTURE.md, "Frozen loads"): the
/// first COPY of such a table runs in a transaction of its own after <c>TRUNCATE ONLY</c>, so the rows go in
/// already frozen and visible to all (PostgreSQL 14+ also sets the visibility map), the later index builds and the
/// first reads or VACUUM set no hint bits and write no page again, and under <c>wal_level = minimal</c> the load
/// writes no WAL. The TRUNCATE is what makes FREEZE legal (the table must be new or truncated in the loading
/// transaction), so it must never remove a row this restore did not load, and it is taken only when all of these
/// hold:
/// <list type="bullet">
/// <item>the archive is a PgSnap archive with a manifest and the restore is not one transaction (-1: FREEZE there
/// would risk the whole restore on its prerequisites);</item>
/// <item>the table's own <c>CREATE TABLE</c> block runs in this restore (a restore stops at its first error, so when
/// the rows come the table is the empty one this restore made: never an extension's configuration table, a table
/// of a data-only archive or a selection without its table, or one the target already had);</item>
/// <item>the block is the first data block of the table this restore reaches (each table is claimed once, by one
/// connection; the parallel schedule never lets two connections load a frozen table);</item>
/// <item>the table's rows in the archive are at least <see cref="MinimumBytes"/> (for a small table the two extra
/// round trips and the new file cost more than they save);</item>
/// <item>with -j N, the table holds no more than 1/N of the archive's rows: a table that outweighs its share is the
/// one the other workers help load once they are done with the rest, and two connections loading it finish sooner
/// than one loading it frozen (pgbench scale 50, -j 2: 5.2 s shared against 5.8 s frozen, medians of 4).</item>
/// </list>
/// If BEGIN, the TRUNCATE or the start of the frozen COPY fails, the loader rolls its own transaction back and loads
/// the rows with a plain COPY (<see cref="CopyLoader"/>): nothing was lost, the load is only not frozen.
/// Thread-safe: the workers of restore -j share one instance.
/// </summary>
internal sealed class FrozenLoads
{
    /// <summary>
    /// Archive bytes of a table's rows from which its load is frozen: about 10,000 narrow rows, whose COPY takes tens
    /// of milliseconds against the BEGIN + TRUNCATE and COMMIT round trips and the new relation file a freeze costs.
    /// </summary>
    public const long MinimumBytes = 1 << 20;

    private static readonly Quoting s_quoting = new([], quoteAll: true);
    private readonly Lock _lock = new();
    /// <summary>Every table loaded frozen, by (schema, name): its quoted name and the connection that claimed it.</summary>
    private readonly Dictionary<(string Schema, string Name), Table> _tables = [];

    private FrozenLoads()
    {
    }

    /// <summary>
    /// The frozen loads of a restore of <paramref name="blocks"/> (the archive's, or the chosen ones of a selection),
    /// or null when the restore must not freeze (see the class remarks).
    /// </summary>
    public static FrozenLoads? For(IReadOnlyList<BlockRecord> blocks, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SingleTransaction || options.DryRun)
        {
            return null;
        }

        var created = new HashSet<(string, string)>();
        var bytes = new Dictionary<(string, string), long>();
        foreach (var block in blocks)
        {
            if (block.Schema is not { } schema || block.Name is not { } name)
            {
                continue;
            }

            if (block.Section == ArchiveFormat.Sections.PreData && block.Kind == "TABLE")
            {
                created.Add((schema, name));
            }
            else if (block.Section == ArchiveFormat.Sections.Data && block.Kind == ArchiveFormat.Kinds.TableData)
            {
                bytes[(schema, name)] = bytes.GetValueOrDefault((schema, name)) + block.RawLength;
            }
        }

        var share = options.Jobs > 1 ? bytes.Values.Sum() / options.Jobs : long.MaxValue;
        var loads = new FrozenLoads();
        foreach (var (table, size) in bytes)
        {
            if (size >= MinimumBytes && size <= share && created.Contains(table))
            {
                loads._tables[table] = new Table(s_quoting.Qualified(table.Item1, table.Item2));
            }
        }

        return loads._tables.Count == 0 ? null : loads;
    }

    /// <summary>Whether the rows of <paramref name="schema"/>.<paramref name="name"/> are loaded frozen (by one connection only).</summary>
    public bool Freezes(string schema, string name)
    {
        lock (_lock)
        {
            return _tables.ContainsKey((schema, name));
        }
    }

    /// <summary>
    /// At the marker of a data block: the quoted table to TRUNCATE and load frozen when this is the first block of a
    /// frozen table anyone reaches, else null. <paramref name="loader"/> identifies the connection; a frozen table's
    /// block reached by a second connection is a scheduling fault, refused before any row moves (its TRUNCATE could
    /// otherwise wait for and then remove that connection's rows).
    /// </summary>
    public string? Claim(NamedEntry entry, object loader)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != ArchiveFormat.Kinds.TableData || entry.Schema is not { } schema)
        {
            return null;
        }

        var key = (schema, entry.Name);
        lock (_lock)
        {
            if (!_tables.TryGetValue(key, out var table))
            {
                return null;
            }

            if (table.Loader is null)
            {
                table.Loader = loader;
                return table.Quoted;
            }

            if (!ReferenceEquals(table.Loader, loader))
            {
                throw new InvalidOperationException($"the rows of {table.Quoted} are loaded frozen by one connection, yet a second one reached them");
            }

            return null;
        }
    }

    private sealed class Table(string quoted)
    {
        public string Quoted { get; } = quoted;

        /// <summary>The connection (its executor) that loads the table; null until its first block is reached.</summary>
        public object? Loader { get; set; }
    }
}
