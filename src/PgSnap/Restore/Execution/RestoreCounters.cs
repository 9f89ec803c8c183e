using System.Diagnostics;

namespace PgSnap.Restore.Execution;

/// <summary>Totals shared by every connection of one restore; updated with interlocked adds.</summary>
internal sealed class RestoreCounters
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Action<RestoreProgress>? _progress;
    private readonly long? _totalBytes;
    private long _statements;
    private long _skipped;
    private long _rows;
    private long _bytes;
    private long _lastReportTicks;
    private int _reporting;

    public RestoreCounters(Action<RestoreProgress>? progress, long? totalBytes)
    {
        _progress = progress;
        _totalBytes = totalBytes;
    }

    public long Statements => Interlocked.Read(ref _statements);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long Rows => Interlocked.Read(ref _rows);

    public long Bytes => Interlocked.Read(ref _bytes);

    public TimeSpan Elapsed => _clock.Elapsed;

    public void AddStatement() => Interlocked.Increment(ref _statements);

    public void AddSkipped() => Interlocked.Increment(ref _skipped);

    public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

    public void AddBytes(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        MaybeReport();
    }

    /// <summary>Reports at most four times a second, from whichever thread gets there first.</summary>
    public void MaybeReport(bool force = false)
    {
        if (_progress is null)
        {
            return;
        }

        var now = _clock.ElapsedTicks;
        if (!force && now - Interlocked.Read(ref _lastReportTicks) < Stopwatch.Frequency / 4)
        {
            return;
        }

        if (Interlocked.Exchange(ref _reporting, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastReportTicks, now);
            _progress(new RestoreProgress(Statements, Rows, Bytes, _totalBytes, _clock.Elapsed));
        }
        finally
        {
            Volatile.Write(ref _reporting, 0);
        }
    }
}
