using PgSnap.Archive;
using PgSnap.Archive.Manifest;

namespace PgSnap.Restore.Parallel;

/// <summary>
/// Which block a worker of <c>restore -j N</c> runs next, between pre-data (done before) and the foreign keys and
/// the rest of post-data (done after, in archive order). Dependency-driven, like pg_restore's ready list: every
/// data block is ready at once; an index or a PK / UNIQUE / EXCLUSION constraint is ready as soon as every data block
/// of its table has been loaded (the manifest's <c>table</c> field); without that field (archives written before
/// it) they wait for all the data, as before. So do the indexes of a table without data blocks: that is mostly a
/// partitioned table, whose index or key may lock its partitions while other workers still COPY into them, and
/// the index of an empty table costs nothing to build late.
/// </summary>
/// <remarks>
/// <para>Ordering contract. A worker that is loading a table keeps loading it, chunk after chunk, in archive order
/// (one table per connection, as pg_restore does, and consecutive chunks let the executor keep one COPY open).
/// A worker that is free takes the biggest ready item: an unclaimed table (its bytes still to load), another data
/// block (sequence values, large objects), or a ready index / constraint (weighted by its table's data bytes, as
/// pg_restore weighs an index by its table's size). Only when nothing else is left does it help load a table
/// another worker is on, taking that table's chunks from the end, so each worker's chunks stay consecutive.
/// Two post-data items of one table run at the same time only when both are plain indexes (CREATE INDEX takes a
/// SHARE lock; ALTER TABLE … ADD CONSTRAINT an ACCESS EXCLUSIVE one that would only queue behind the other).</para>
/// <para>Not thread-safe: the caller serializes <see cref="Next"/> and <see cref="Complete"/>.</para>
/// </remarks>
internal sealed class RestoreSchedule
{
    /// <summary>Kinds that run here once their table is loaded; all others post-data kinds run after, in archive order.</summary>
    private static readonly HashSet<string> s_tableBuildKinds = new(StringComparer.Ordinal) { "INDEX", "CONSTRAINT" };

    private readonly Func<string, string, bool> _shareable;
    /// <summary>Data chunks not yet handed out, per table, in archive order.</summary>
    private readonly Dictionary<TableKey, LinkedList<BlockRecord>> _pendingChunks = [];
    /// <summary>Data blocks of each table not yet completed (handed out or not).</summary>
    private readonly Dictionary<TableKey, int> _unloadedBlocks = [];
    /// <summary>Total data bytes per table: the weight of its indexes.</summary>
    private readonly Dictionary<TableKey, long> _tableBytes = [];
    /// <summary>Post-data items running right now, per table, and whether one of them needs an exclusive lock.</summary>
    private readonly Dictionary<TableKey, (int Running, bool Exclusive)> _building = [];
    /// <summary>Data blocks that belong to no table (sequence values, large objects).</summary>
    private readonly List<BlockRecord> _otherData = [];
    /// <summary>Indexes and constraints waiting for their table's data.</summary>
    private readonly Dictionary<TableKey, List<BlockRecord>> _waiting = [];
    /// <summary>Indexes and constraints of archives without the table field: they wait for all the data.</summary>
    private readonly List<BlockRecord> _waitingForAllData = [];
    /// <summary>Indexes and constraints whose table is loaded.</summary>
    private readonly List<BlockRecord> _ready = [];
    /// <summary>Per worker: the table it loads and whether it takes that table's chunks from the end (a helper).</summary>
    private readonly (TableKey? Table, bool FromEnd)[] _workers;
    /// <summary>Items handed out and not completed yet.</summary>
    private int _running;
    /// <summary>Data blocks not completed yet, over all tables.</summary>
    private int _dataLeft;

    /// <param name="blocks">The archive's blocks (any section; only data, indexes and constraints are taken).</param>
    /// <param name="workers">Number of workers that will call <see cref="Next"/>.</param>
    /// <param name="shareable">
    /// Whether a free worker may help load the table (schema, name) another worker is loading; null: every table.
    /// A table loaded frozen is not (<see cref="Execution.FrozenLoads"/>).
    /// </param>
    public RestoreSchedule(IReadOnlyList<BlockRecord> blocks, int workers, Func<string, string, bool>? shareable = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _shareable = shareable ?? (static (_, _) => true);
        _workers = new (TableKey?, bool)[workers];
        foreach (var block in blocks)
        {
            if (block.Section == ArchiveFormat.Sections.Data)
            {
                _dataLeft++;
                if (TableOf(block) is { } table)
                {
                    if (!_pendingChunks.TryGetValue(table, out var chunks))
                    {
                        _pendingChunks[table] = chunks = new LinkedList<BlockRecord>();
                    }

                    chunks.AddLast(block);
                    _unloadedBlocks[table] = _unloadedBlocks.GetValueOrDefault(table) + 1;
                    _tableBytes[table] = _tableBytes.GetValueOrDefault(table) + block.RawLength;
                }
                else
                {
                    _otherData.Add(block);
                }
            }
            else if (IsTableBuild(block))
            {
                if (block.Table is null)
                {
                    _waitingForAllData.Add(block);
                }
                else
                {
                    var table = new TableKey(block.Table.Schema, block.Table.Name);
                    if (!_waiting.TryGetValue(table, out var list))
                    {
                        _waiting[table] = list = [];
                    }

                    list.Add(block);
                }
            }
        }

        // A table without data blocks (a partitioned parent, data excluded) waits for all the data.
        foreach (var table in _waiting.Keys.Where(t => !_unloadedBlocks.ContainsKey(t)).ToList())
        {
            _waitingForAllData.AddRange(_waiting[table]);
            _waiting.Remove(table);
        }

        if (_dataLeft == 0)
        {
            _ready.AddRange(_waitingForAllData);
            _waitingForAllData.Clear();
        }
    }

    /// <summary>True when every item was handed out and completed.</summary>
    public bool IsFinished => _running == 0 && !HasPending;

    /// <summary>True when some item is still to be handed out (now or once others complete).</summary>
    private bool HasPending =>
        _pendingChunks.Count > 0 || _otherData.Count > 0 || _ready.Count > 0 || _waiting.Count > 0 || _waitingForAllData.Count > 0;

    /// <summary>Whether <paramref name="block"/> is one this schedule runs (a data block, or an index / constraint).</summary>
    public static bool Handles(BlockRecord block) => block.Section == ArchiveFormat.Sections.Data || IsTableBuild(block);

    /// <summary>
    /// The next block for <paramref name="worker"/>, or null when nothing is ready for it now (wait for a
    /// <see cref="Complete"/> and ask again, unless <see cref="IsFinished"/>).
    /// </summary>
    public BlockRecord? Next(int worker)
    {
        var (current, fromEnd) = _workers[worker];
        if (current is { } mine && _pendingChunks.TryGetValue(mine, out var own))
        {
            return TakeChunk(worker, mine, own, fromEnd);
        }

        // The biggest of: an unclaimed table, another data block, a ready index or constraint (on equal weights the
        // first of them in that order).
        var bestWeight = -1L;
        var bestTable = HeaviestTable(unclaimedOnly: true, ref bestWeight);
        var bestOther = HeaviestOtherData(ref bestWeight);
        var bestReady = HeaviestReady(ref bestWeight);
        if (bestReady >= 0)
        {
            return TakeReady(worker, bestReady);
        }

        if (bestOther >= 0)
        {
            var block = _otherData[bestOther];
            _otherData.RemoveAt(bestOther);
            _workers[worker] = (null, false);
            _running++;
            return block;
        }

        if (bestTable is { } claimed)
        {
            return TakeChunk(worker, claimed, _pendingChunks[claimed], fromEnd: false);
        }

        // Nothing else to do: help the table with the most bytes left, from its end.
        var helpBytes = -1L;
        if (HeaviestTable(unclaimedOnly: false, ref helpBytes) is { } shared)
        {
            return TakeChunk(worker, shared, _pendingChunks[shared], fromEnd: true);
        }

        return null;
    }

    /// <summary>Records that <paramref name="block"/>, handed out by <see cref="Next"/>, has finished.</summary>
    public void Complete(BlockRecord block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _running--;
        if (block.Section == ArchiveFormat.Sections.Data)
        {
            _dataLeft--;
            if (TableOf(block) is { } table)
            {
                var left = _unloadedBlocks[table] - 1;
                if (left == 0)
                {
                    _unloadedBlocks.Remove(table);
                    Release(table);
                }
                else
                {
                    _unloadedBlocks[table] = left;
                }
            }

            if (_dataLeft == 0)
            {
                _ready.AddRange(_waitingForAllData);
                _waitingForAllData.Clear();
            }
        }
        else if (block.Table is { } t)
        {
            var key = new TableKey(t.Schema, t.Name);
            var (running, exclusive) = _building[key];
            if (running == 1)
            {
                _building.Remove(key);
            }
            else
            {
                // Another item of the table still runs: an exclusive one among them is what remains.
                _building[key] = (running - 1, exclusive && block.Kind == "INDEX");
            }
        }
    }

    /// <summary>The table with the most bytes still to hand out, if heavier than <paramref name="bestWeight"/> (which it then raises).</summary>
    /// <param name="unclaimedOnly">Only tables no worker is loading; else only those a worker may help with.</param>
    private TableKey? HeaviestTable(bool unclaimedOnly, ref long bestWeight)
    {
        TableKey? best = null;
        foreach (var (table, chunks) in _pendingChunks)
        {
            if (unclaimedOnly ? IsClaimed(table) : !_shareable(table.Schema, table.Name))
            {
                continue;
            }

            var bytes = 0L;
            foreach (var chunk in chunks)
            {
                bytes += chunk.RawLength;
            }

            if (bytes > bestWeight)
            {
                (best, bestWeight) = (table, bytes);
            }
        }

        return best;
    }

    /// <summary>The index of the biggest data block of no table heavier than <paramref name="bestWeight"/>, or -1.</summary>
    private int HeaviestOtherData(ref long bestWeight)
    {
        var best = -1;
        for (var i = 0; i < _otherData.Count; i++)
        {
            if (_otherData[i].RawLength > bestWeight)
            {
                (best, bestWeight) = (i, _otherData[i].RawLength);
            }
        }

        return best;
    }

    /// <summary>The index of the heaviest ready index or constraint that can run now and outweighs <paramref name="bestWeight"/>, or -1.</summary>
    private int HeaviestReady(ref long bestWeight)
    {
        var best = -1;
        for (var i = 0; i < _ready.Count; i++)
        {
            var weight = BuildWeight(_ready[i]);
            if (weight > bestWeight && CanBuildNow(_ready[i]))
            {
                (best, bestWeight) = (i, weight);
            }
        }

        return best;
    }

    /// <summary>Hands out the ready index or constraint at <paramref name="index"/>, noting the lock it takes on its table.</summary>
    private BlockRecord TakeReady(int worker, int index)
    {
        var block = _ready[index];
        _ready.RemoveAt(index);
        _workers[worker] = (null, false);
        if (block.Table is { } t)
        {
            var key = new TableKey(t.Schema, t.Name);
            var (running, exclusive) = _building.GetValueOrDefault(key);
            _building[key] = (running + 1, exclusive || block.Kind != "INDEX");
        }

        _running++;
        return block;
    }

    private BlockRecord TakeChunk(int worker, TableKey table, LinkedList<BlockRecord> chunks, bool fromEnd)
    {
        var node = fromEnd ? chunks.Last! : chunks.First!;
        chunks.Remove(node);
        if (chunks.Count == 0)
        {
            _pendingChunks.Remove(table);
        }

        if (_workers[worker].Table != table)
        {
            _workers[worker] = (table, fromEnd);
        }

        _running++;
        return node.Value;
    }

    /// <summary>Whether a worker is loading <paramref name="table"/> (it keeps it until it picks something else).</summary>
    private bool IsClaimed(TableKey table)
    {
        foreach (var (claimed, _) in _workers)
        {
            if (claimed == table)
            {
                return true;
            }
        }

        return false;
    }

    private void Release(TableKey table)
    {
        if (_waiting.Remove(table, out var list))
        {
            _ready.AddRange(list);
        }
    }

    private bool CanBuildNow(BlockRecord block)
    {
        if (block.Table is not { } t || !_building.TryGetValue(new TableKey(t.Schema, t.Name), out var state))
        {
            return true;
        }

        return !state.Exclusive && block.Kind == "INDEX";
    }

    private long BuildWeight(BlockRecord block) =>
        block.Table is { } t && _tableBytes.TryGetValue(new TableKey(t.Schema, t.Name), out var bytes) ? bytes : block.RawLength;

    private static bool IsTableBuild(BlockRecord block) => block.Section == ArchiveFormat.Sections.PostData && s_tableBuildKinds.Contains(block.Kind);

    private static TableKey? TableOf(BlockRecord block) =>
        block.Kind == "TABLE DATA" && block.Schema is not null && block.Name is not null ? new TableKey(block.Schema, block.Name) : null;

    private readonly record struct TableKey(string Schema, string Name);
}
