using System.CommandLine;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap dump`: the options of pg_dump where the meaning is the same.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var command = new Command("dump", "Dump a database to a PgSnap archive (plain SQL; raw, gzip or LZ4) or to stdout.");
        return command;
    }
}
