using BenchmarkDotNet.Running;
using PgSnap.Benchmarks.EndToEnd;
using PgSnap.Benchmarks.Latency;

// `e2e [--scale N] [--runs N]`: the end-to-end comparison with pg_dump on a throwaway cluster.
// `e2e --latency [--delays 0,5,25] [--runs N] [--modules N] [--only dump|restore]`: the schema-rich database through the delay proxy.
// `e2e --s3 [--scale N] [--runs N]`: dump to an s3rver bucket against a local file, restore -j 2 from each.
// `e2e --tables 5000,50000 [--runs N]`: N small tables (key, index, comment, 3 rows each): dump and restore against pg_dump, psql, pg_restore.
// `proxy --upstream PORT --delay-ms N [--port P]`: the delay proxy alone, until Ctrl+C (prints turns on exit).
// `rich-sql [--modules N]`: prints the schema-rich database's SQL (roles first) to load it anywhere with psql.
// Anything else goes to BenchmarkDotNet (e.g. `--filter *Compressor*`).
if (args.Length > 0 && args[0] == "e2e")
{
    return await EndToEndRunner.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "proxy")
{
    return await ProxyCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "rich-sql")
{
    var modules = args.Length > 2 && args[1] == "--modules" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50;
    Console.Write(SchemaRichDatabase.RolesSql + "\n" + SchemaRichDatabase.Sql(modules));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(EndToEndRunner).Assembly).Run(args);
return 0;
