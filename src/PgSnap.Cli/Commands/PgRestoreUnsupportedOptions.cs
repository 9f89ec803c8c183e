using System.CommandLine;

namespace PgSnap.Cli.Commands;

/// <summary>
/// pg_restore options that <c>pgsnap restore</c> does not carry out, each with the reason and what to do instead:
/// a pg_restore script gets this one line (exit 2), never "unrecognized option" nor a restore that silently ignored
/// what it asked for. docs/PG_DUMP_COMPAT.md lists every pg_restore option.
/// </summary>
internal static class PgRestoreUnsupportedOptions
{
    private static readonly (string Name, string? Alias, bool TakesValue, string Reason)[] s_options =
    [
        ("--file", "-f", true, "pgsnap restore writes into a database, and its archives are SQL already: read the file, or list what would run with --dry-run"),
        ("--format", "-F", true, "pgsnap reads plain SQL archives (its own and pg_dump -F p) and tells them apart itself; pg_dump's custom, directory and tar formats are not read"),
        ("--superuser", "-S", true, "connect as the superuser with -U (--disable-triggers needs one)"),
        ("--trigger", null, true, "a trigger is restored with its table: use -t TABLE (pgsnap's -T is --exclude-table)"),
        ("--filter", null, true, "not built yet for restore: use -t/-n/-N, or -L with a list from -l"),
        ("--statistics", null, false, "pgsnap archives hold no planner statistics: run ANALYZE after the restore"),
        ("--statistics-only", null, false, "pgsnap archives hold no planner statistics: run ANALYZE after the restore"),
        ("--restrict-key", null, true, "pgsnap runs no psql meta-commands but \\connect, so there is nothing to restrict"),
        ("--transaction-size", null, true, "commit in one transaction (-1, the default over a non-empty target) or per statement (--no-single-transaction)"),
        ("--version", "-V", false, "pgsnap --version prints the version"),
    ];

    /// <summary>Adds every unsupported option to <paramref name="command"/>, hidden from its help.</summary>
    public static IReadOnlyList<(Option Option, string Reason)> AddTo(Command command) => PgDumpUnsupportedOptions.AddTo(command, s_options);

    /// <summary>Fails with a one-line usage error naming the first unsupported option the command line used.</summary>
    public static void Check(ParseResult result, IReadOnlyList<(Option Option, string Reason)> options) =>
        PgDumpUnsupportedOptions.Check(result, options, "pg_restore");
}
