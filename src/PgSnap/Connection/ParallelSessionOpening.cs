namespace PgSnap.Connection;

/// <summary>
/// Several sessions logging in at once (a dump's data workers, a parallel restore's extra connections): against a
/// remote server each login (TLS, SCRAM, then the session's own setup) is several round trips, paid once in parallel
/// instead of once per session in a row. Either every session opens and the caller owns them all, or none is left
/// open: the ones that did open are closed and the first failure is thrown.
/// </summary>
/// <typeparam name="T">The session type; the caller disposes the sessions it is handed.</typeparam>
internal sealed class ParallelSessionOpening<T> : IAsyncDisposable
    where T : IAsyncDisposable
{
    private readonly List<Task<T>> _opening;

    /// <summary>Whether the sessions went to the caller or were closed already.</summary>
    private bool _settled;

    private ParallelSessionOpening(List<Task<T>> opening) => _opening = opening;

    /// <summary>Starts <paramref name="count"/> openings; the caller may do other work on its own session meanwhile.</summary>
    public static ParallelSessionOpening<T> Start(int count, Func<CancellationToken, Task<T>> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        return new ParallelSessionOpening<T>([.. Enumerable.Range(0, count).Select(_ => open(cancellationToken))]);
    }

    /// <summary>
    /// Waits for every opening, failed or not; returns all the sessions, or closes the ones that opened and throws
    /// the first failure in start order (the one an await of them all would throw). An opening cancelled by the
    /// caller's token is not a failure: its session is simply missing, and the caller's next await stops on that token.
    /// </summary>
    public async Task<IReadOnlyList<T>> AllAsync()
    {
        await WhenSettledAsync().ConfigureAwait(false);
        _settled = true;
        if (_opening.FirstOrDefault(static t => t.IsFaulted) is { } failed)
        {
            await CloseOpenedAsync().ConfigureAwait(false);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!.InnerException!);
        }

        return [.. Opened()];
    }

    /// <summary>
    /// When the caller failed before taking the sessions (e.g. a parallel restore's pre-data): waits for every
    /// opening and closes the ones that opened, throwing nothing, so the caller's own failure is the one reported.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_settled)
        {
            return;
        }

        _settled = true;
        await WhenSettledAsync().ConfigureAwait(false);
        await CloseOpenedAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until no opening is still running; their failures are read from the tasks afterwards.</summary>
    private async Task WhenSettledAsync() =>
        await ((Task)Task.WhenAll(_opening)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private IEnumerable<T> Opened() => _opening.Where(static t => t.IsCompletedSuccessfully).Select(static t => t.Result);

    private Task CloseOpenedAsync() => SessionClosing.CloseAllAsync(Opened());
}
