using Npgsql;
using PgSnap.Dump;

namespace PgSnap.Catalog;

/// <summary>
/// The sessions the planner's catalog reads share: the leader's and up to <see cref="Siblings"/> sibling sessions
/// of its snapshot (docs/ARCHITECTURE.md, "Catalog reads in parallel"). Each read waits for a free session and runs
/// alone on it; the planner starts its reads in its own order and emits their records in that same order, so the
/// plan is the one the leader alone makes. A dump's ~60 reader queries are one round trip each: over a link with
/// 10 ms per round trip they cost ~0.6 s one after another, a third of that on four sessions. A sibling that cannot
/// be opened (a server at its connection limit, a pooler) is simply not used: the leader then reads alone.
/// </summary>
internal sealed class CatalogReadPool : IAsyncDisposable
{
    /// <summary>Sessions opened beside the leader's; all are closed before the data phase opens its workers.</summary>
    public const int Siblings = 3;

    private readonly Stack<CatalogSession> _free = new();
    private readonly Queue<TaskCompletionSource<CatalogSession>> _urgent = new();
    private readonly Queue<TaskCompletionSource<CatalogSession>> _waiting = new();
    private readonly CancellationTokenSource _cancel;
    private readonly CatalogSession _leader;
    private readonly List<Task> _reads = [];
    private readonly List<Task<NpgsqlConnection?>> _opening = [];
    private bool _closed;

    private CatalogReadPool(CatalogSession leader, SnapshotSessionOpener? open, CancellationToken ct)
    {
        _leader = leader;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        for (var i = 0; open is not null && i < Siblings; i++)
        {
            _opening.Add(Task.Run(() => OpenSiblingAsync(open, _cancel.Token)));
        }
    }

    /// <summary>Starts opening the siblings; the leader joins the pool only at <see cref="AdmitLeader"/>.</summary>
    public static CatalogReadPool Open(CatalogSession leader, SnapshotSessionOpener? open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(leader);
        return new CatalogReadPool(leader, open, ct);
    }

    /// <summary>
    /// From here on the leader's session serves the pool's reads: the planner must not use it directly again until
    /// <see cref="CloseAsync"/>. Reads started before wait for a sibling (or for this call, when none opened).
    /// </summary>
    public void AdmitLeader() => Release(_leader);

    /// <summary>
    /// Runs <paramref name="read"/> on the first free session, reads waiting for one in the order they were asked;
    /// its failure is the caller's when awaited.
    /// </summary>
    /// <param name="read">The read; it must not wait for another read of the pool (it would hold a session meanwhile).</param>
    /// <param name="urgent">
    /// Goes before the other reads waiting (after the urgent ones): the relations' chain (relations, then what
    /// needs their oids) is the longest, and its later reads are asked only once the first are in, when dozens of
    /// short reads already wait.
    /// </param>
    public Task<T> Read<T>(Func<CatalogSession, CancellationToken, Task<T>> read, bool urgent = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_closed, this);
        var task = RunAsync(read, urgent);
        lock (_reads)
        {
            _reads.Add(Settled(task));
        }

        return task;
    }

    /// <summary>Waits for every read and closes the siblings: the leader's session is the planner's alone again.</summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            await Task.WhenAll(Reads()).ConfigureAwait(false);
        }
        finally
        {
            await CloseSiblingsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a failure: cancels what still runs and waits for it, so no read outlives the planning; their own
    /// failures are not thrown, the planning's is the one reported.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await _cancel.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Reads()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await CloseSiblingsAsync().ConfigureAwait(false);
        }

        _cancel.Dispose();
    }

    private Task[] Reads()
    {
        lock (_reads)
        {
            return [.. _reads];
        }
    }

    /// <summary>
    /// The read's end without its result: a finished task holds its records, and the pool, held to the end of the
    /// reads, would otherwise keep every reader's records alive after they are emitted (a finished async method
    /// lets go of the task it waited for).
    /// </summary>
    private static async Task Settled(Task read) => await read.ConfigureAwait(false);

    private async Task<T> RunAsync<T>(Func<CatalogSession, CancellationToken, Task<T>> read, bool urgent)
    {
        var session = await TakeAsync(urgent).ConfigureAwait(false);
        try
        {
            return await read(session, _cancel.Token).ConfigureAwait(false);
        }
        finally
        {
            Release(session);
        }
    }

    private Task<CatalogSession> TakeAsync(bool urgent)
    {
        lock (_waiting)
        {
            if (_free.TryPop(out var session))
            {
                return Task.FromResult(session);
            }

            // Continuations run off this lock and off the releasing read's thread.
            var waiter = new TaskCompletionSource<CatalogSession>(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _waiting).Enqueue(waiter);
            _cancel.Token.Register(() => waiter.TrySetCanceled(_cancel.Token));
            return waiter.Task;
        }
    }

    /// <summary>Hands the session to the first urgent read waiting, else the first other, else keeps it free.</summary>
    private void Release(CatalogSession session)
    {
        while (true)
        {
            TaskCompletionSource<CatalogSession>? next;
            lock (_waiting)
            {
                if (!_urgent.TryDequeue(out next) && !_waiting.TryDequeue(out next))
                {
                    _free.Push(session);
                    return;
                }
            }

            // A waiter cancelled meanwhile takes nothing: the session goes to the next one.
            if (next.TrySetResult(session))
            {
                return;
            }
        }
    }

    private async Task<NpgsqlConnection?> OpenSiblingAsync(SnapshotSessionOpener open, CancellationToken ct)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await open(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or PgSnapException or TimeoutException or OperationCanceledException)
        {
            return null;
        }

        try
        {
            // The leader's deparsing settings for the rest of the planning: every name qualified, quoted as asked.
            var sibling = _leader.On(connection);
            await sibling.QualifyNamesAsync(ct).ConfigureAwait(false);
            Release(sibling);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private async Task CloseSiblingsAsync()
    {
        await _cancel.CancelAsync().ConfigureAwait(false);
        foreach (var opening in _opening)
        {
            if (await opening.ConfigureAwait(false) is { } connection)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        _opening.Clear();
    }
}
