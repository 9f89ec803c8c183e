using System.CommandLine;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap restore`: replay a PgSnap archive or a pg_dump plain file.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var command = new Command("restore", "Restore a PgSnap archive or a pg_dump plain SQL file into a database.");
        return command;
    }
}
