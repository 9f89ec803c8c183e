using BenchmarkDotNet.Running;
using PgSnap.Benchmarks.EndToEnd;

// `e2e [--scale N] [--runs N]`: the end-to-end comparison with pg_dump on a throwaway cluster.
// Anything else goes to BenchmarkDotNet (e.g. `--filter *Compressor*`).
if (args.Length > 0 && args[0] == "e2e")
{
    return await EndToEndRunner.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(EndToEndRunner).Assembly).Run(args);
return 0;
