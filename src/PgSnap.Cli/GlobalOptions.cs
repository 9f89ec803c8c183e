using System.CommandLine;

namespace PgSnap.Cli;

/// <summary>Options that every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print details (never passwords) and a stack trace on errors.",
        Recursive = true,
    };
}
