using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Adds to the restore's counters the input bytes one splitter consumed since the last report, so that progress
/// moves while a long COPY is still running rather than once per statement.
/// </summary>
internal sealed class ConsumedBytes(RestoreCounters counters)
{
    /// <summary>Input bytes of the splitter already added to the shared counters.</summary>
    private long _reported;

    /// <summary>Adds what <paramref name="splitter"/> consumed since the last call.</summary>
    public void Report(SqlScriptSplitter splitter)
    {
        var consumed = splitter.BytesConsumed;
        counters.AddBytes(consumed - _reported);
        _reported = consumed;
    }
}
