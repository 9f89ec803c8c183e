namespace PgSnap.Dump;

/// <summary>
/// Where a finished stage's locals must not outlive it (docs/ARCHITECTURE.md, "Memory of a dump"): an awaited task
/// that completes later runs its caller's continuation inline, on the stack that finished it, whose frames still
/// hold that stage's locals until the caller next waits. <c>ConfigureAwaitOptions.ForceYielding</c> does not help:
/// it yields only when the task is complete already.
/// </summary>
internal static class FreshStack
{
    /// <summary>The task's result, handed to the caller on a thread-pool stack of its own.</summary>
    public static async Task<T> ContinueOnFreshStackAsync<T>(this Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var result = await task.ConfigureAwait(false);
        await Task.Yield();
        return result;
    }
}
