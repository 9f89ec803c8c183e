using PgSnap.Archive.Manifest;

namespace PgSnap.Restore.Parallel;

/// <summary>
/// The <see cref="RestoreSchedule"/> the workers of one parallel restore share: it serializes their calls, and
/// lets a worker with nothing ready wait until a completion may have made something ready.
/// </summary>
internal sealed class SharedSchedule(RestoreSchedule schedule)
{
    private readonly object _gate = new();

    /// <summary>Completed when the schedule may have something new for a waiting worker; replaced after each completion.</summary>
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next block for <paramref name="worker"/> (null when none is ready now), unless every block is done.</summary>
    /// <param name="changed">Completes once something finished after this call: ask again then.</param>
    /// <returns>False when the schedule is finished.</returns>
    public bool TryNext(int worker, out BlockRecord? block, out Task changed)
    {
        lock (_gate)
        {
            changed = _changed.Task;
            block = null;
            if (schedule.IsFinished)
            {
                return false;
            }

            block = schedule.Next(worker);
            return true;
        }
    }

    /// <summary>Records that <paramref name="finished"/> are done, empties the list and wakes the waiting workers.</summary>
    public void Complete(List<BlockRecord> finished)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            foreach (var block in finished)
            {
                schedule.Complete(block);
            }

            done = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        finished.Clear();
        done.SetResult();
    }
}
