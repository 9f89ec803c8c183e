using System.CommandLine;
using PgSnap.Cli;
using PgSnap.Cli.Commands;

var root = new RootCommand("pgsnap: back up, verify and restore PostgreSQL databases with one self-contained binary.");
root.Options.Add(GlobalOptions.Verbose);

// pg_dump's -h is the host, so help answers only to --help and -? (System.CommandLine also binds -h and /h to it).
for (var i = 0; i < root.Options.Count; i++)
{
    if (root.Options[i] is System.CommandLine.Help.HelpOption)
    {
        root.Options[i] = new System.CommandLine.Help.HelpOption("--help", "-?");
    }
}
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());
root.Subcommands.Add(PruneCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(DrillCommand.Create());
root.Subcommands.Add(RolesCommand.Create());

var parseResult = root.Parse(args);
// --json asks for a JSON object on stdout even when the verb fails (ErrorJson); a command line that does not parse
// has no values yet, so there the word itself counts.
ErrorJson.Requested = parseResult.Errors.Count > 0
    ? args.Contains("--json", StringComparer.Ordinal)
    : parseResult.CommandResult.Command.Options.FirstOrDefault(static o => o.Name == "--json") is Option<bool> json && parseResult.GetValue(json);
if (parseResult.Errors.Count > 0)
{
    // Usage errors exit 2 (System.CommandLine's default is 1), and an echoed argument may hold a password.
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine("pgsnap: error: " + PgSnap.Connection.SecretRedactor.Redact(error.Message));
    }

    Console.Error.WriteLine("Try 'pgsnap --help'.");
    ErrorJson.WriteIfRequested(ExitCodes.Usage, PgSnap.Connection.SecretRedactor.Redact(parseResult.Errors[0].Message));
    return ExitCodes.Usage;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
return await parseResult.InvokeAsync(new InvocationConfiguration(), cts.Token);
