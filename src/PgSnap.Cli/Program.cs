using System.CommandLine;
using PgSnap.Cli;
using PgSnap.Cli.Commands;

var root = new RootCommand("pgsnap: back up, verify and restore PostgreSQL databases with one self-contained binary.");
root.Options.Add(GlobalOptions.Verbose);
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(PruneCommand.Create());
root.Subcommands.Add(DrillCommand.Create());

var parseResult = root.Parse(args);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await parseResult.InvokeAsync(new InvocationConfiguration(), cts.Token);
