using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Data.Wire;

namespace PgSnap.Benchmarks.Wire;

/// <summary>
/// COPY TO STDOUT of one generated table (pgbench_accounts-shaped, <c>PGSNAP_BENCH_ROWS</c> rows, 1 M by
/// default) through Npgsql's raw copy stream (the baseline) and through the lean wire client, into a pipe
/// whose reader discards the bytes. The server is <c>PGSNAP_BENCH_URL</c>. Wall time includes the server's
/// own COPY work; the client's CPU per operation (all threads of this process) is printed at the end of each
/// case as "client CPU", because that is what the wire client saves (docs/ARCHITECTURE.md, "The data path").
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class WireCopyOutBenchmarks
{
    /// <summary>
    /// In-process (no child project to build, which timed out on the shared 2-core machine) and short:
    /// each COPY takes about a second, and the ratio within one run is the figure that matters.
    /// </summary>
    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5));
        }
    }

    private const string Table = "pgsnap_bench_wire_accounts";
    private const string CopySql = "COPY public." + Table + " TO STDOUT";

    private ConnectionSpec _spec = null!;
    private ICopyOutSession _session = null!;
    private NpgsqlDataSource? _dataSource;
    private TimeSpan _cpu;
    private int _operations;

    [GlobalSetup(Target = nameof(NpgsqlRawStream))]
    public async Task SetupNpgsqlAsync()
    {
        await PrepareTableAsync();
        _dataSource = DataSourceFactory.Create(_spec);
        _session = await new NpgsqlCopyOutSessionFactory(_dataSource, _spec).OpenAsync(CancellationToken.None);
    }

    [GlobalSetup(Target = nameof(WireClient))]
    public async Task SetupWireAsync()
    {
        await PrepareTableAsync();
        _session = await WireCopyOutSession.OpenAsync(_spec, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var perOperation = _operations == 0 ? 0 : _cpu.TotalMilliseconds / _operations;
        Console.WriteLine($"// client CPU: {perOperation.ToString("F0", CultureInfo.InvariantCulture)} ms per COPY over {_operations} operations");
        await _session.DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<long> NpgsqlRawStream() => CopyOnceAsync();

    [Benchmark]
    public Task<long> WireClient() => CopyOnceAsync();

    private async Task<long> CopyOnceAsync()
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
        var drain = DrainAsync(pipe.Reader);
        long bytes;
        try
        {
            bytes = await _session.CopyOutAsync(CopySql, pipe.Writer, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }

        var drained = await drain.ConfigureAwait(false);
        if (drained != bytes)
        {
            throw new InvalidOperationException($"the pipe carried {drained} bytes but the session reported {bytes}");
        }

        _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        _operations++;
        return bytes;
    }

    private static async Task<long> DrainAsync(PipeReader reader)
    {
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync().ConfigureAwait(false);
            total += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync().ConfigureAwait(false);
        return total;
    }

    /// <summary>Creates the table once per server (it is kept for later runs) with the requested row count.</summary>
    private async Task PrepareTableAsync()
    {
        var url = Environment.GetEnvironmentVariable("PGSNAP_BENCH_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException("set PGSNAP_BENCH_URL to a PostgreSQL URL (e.g. postgresql://user:pw@127.0.0.1:5432/bench?sslmode=disable)");
        }

        var rowsText = Environment.GetEnvironmentVariable("PGSNAP_BENCH_ROWS");
        var rows = string.IsNullOrWhiteSpace(rowsText) ? 1_000_000 : long.Parse(rowsText, CultureInfo.InvariantCulture);
        _spec = ConnectionResolver.Resolve(url);
        await using var dataSource = DataSourceFactory.Create(_spec);
        await using var conn = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS public.{Table} (aid int PRIMARY KEY, bid int NOT NULL, abalance int NOT NULL, filler char(84))", conn))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM public.{Table}", conn);
        if ((long)(await count.ExecuteScalarAsync())! == rows)
        {
            return;
        }

        await using var fill = new NpgsqlCommand(
            $"TRUNCATE public.{Table}; INSERT INTO public.{Table} SELECT g, 1 + g / 100000, (g::bigint * 7919 % 10000 - 5000)::int, md5(g::text) FROM generate_series(1, {rows}) g",
            conn)
        { CommandTimeout = 0 };
        await fill.ExecuteNonQueryAsync();
        await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE public.{Table}", conn) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }
}
