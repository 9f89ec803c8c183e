using System.Diagnostics;
using System.Globalization;
using PgSnap.Dump;

namespace PgSnap.Cli;

/// <summary>
/// Renders a dump's progress on stderr: one self-rewriting line on a terminal, or a line every few seconds
/// when asked for with <c>--progress</c> while stderr is redirected. Never writes to stdout, which may be the dump.
/// </summary>
internal sealed class ProgressRenderer : IDumpProgress, IDisposable
{
    private readonly bool _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private int _tablesTotal;
    private int _tablesDone;
    private long _estimatedBytes;
    private long _rows;
    private long _rawBytes;
    private long _fileBytes;
    private long? _uploadedBytes;
    private int _lastLength;

    public ProgressRenderer(bool terminal)
    {
        _terminal = terminal;
        var period = terminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
        _timer = new Timer(static s => ((ProgressRenderer)s!).Render(final: false), this, period, period);
    }

    public void Started(int tablesTotal, long estimatedBytes, int jobs)
    {
        lock (_lock)
        {
            _tablesTotal = tablesTotal;
            _estimatedBytes = estimatedBytes;
        }
    }

    public void BlockWritten(long rows, long rawBytes, long fileBytes)
    {
        lock (_lock)
        {
            _rows += rows;
            _rawBytes += rawBytes;
            _fileBytes += fileBytes;
        }
    }

    public void Uploaded(long totalBytes)
    {
        lock (_lock)
        {
            _uploadedBytes = totalBytes;
        }
    }

    public void TableFinished(string schema, string name, long rows)
    {
        lock (_lock)
        {
            _tablesDone++;
        }
    }

    /// <summary>Stops the updates and clears the progress line.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
        {
            if (_terminal && _lastLength > 0)
            {
                Console.Error.Write("\r" + new string(' ', _lastLength) + "\r");
                _lastLength = 0;
            }
        }
    }

    private void Render(bool final)
    {
        string line;
        lock (_lock)
        {
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var rate = _rawBytes / seconds;
            var eta = rate > 0 && _estimatedBytes > _rawBytes ? TimeSpan.FromSeconds((_estimatedBytes - _rawBytes) / rate) : TimeSpan.Zero;
            line = string.Create(CultureInfo.InvariantCulture,
                $"pgsnap: tables {_tablesDone}/{_tablesTotal}  rows {_rows:N0}  {Format.Bytes(_rawBytes)} ({Format.Bytes(_fileBytes)} written{(_uploadedBytes is { } up ? ", " + Format.Bytes(up) + " uploaded" : "")})  {Format.Bytes((long)rate)}/s  ETA {eta:h\\:mm\\:ss}");
            if (_terminal)
            {
                var pad = Math.Max(0, _lastLength - line.Length);
                Console.Error.Write("\r" + line + new string(' ', pad));
                _lastLength = line.Length;
            }
            else if (!final)
            {
                Console.Error.WriteLine(line);
            }
        }
    }
}
