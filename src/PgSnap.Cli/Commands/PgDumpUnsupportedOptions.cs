using System.CommandLine;

namespace PgSnap.Cli.Commands;

/// <summary>
/// pg_dump options that pgsnap does not carry out, each with the reason and what to do instead. They are accepted
/// by the parser so that a pg_dump script gets this one line (exit 2) rather than "unrecognized option", and never
/// a dump that silently ignored what the script asked for. docs/PG_DUMP_COMPAT.md lists every pg_dump option.
/// </summary>
internal static class PgDumpUnsupportedOptions
{
    private static readonly (string Name, string? Alias, bool TakesValue, string Reason)[] s_options =
    [
        ("--superuser", "-S", true, "pgsnap disables triggers as the table owner and never switches to another superuser"),
        ("--binary-upgrade", null, false, "for pg_upgrade only"),
        ("--disable-dollar-quoting", null, false, "function bodies are written as the server returns them"),
        ("--exclude-table-and-children", null, true, "name the partitions with -T patterns"),
        ("--exclude-table-data-and-children", null, true, "name the partitions with --exclude-table-data patterns"),
        ("--table-and-children", null, true, "name the partitions with -t patterns"),
        ("--extra-float-digits", null, true, "pgsnap always reads floats with extra_float_digits = 3 (exact round trip)"),
        ("--include-foreign-data", null, true, "rows of foreign tables are not dumped"),
        ("--load-via-partition-root", null, false, "rows are loaded into the partition they were read from"),
        ("--restrict-key", null, true, "pgsnap archives carry no psql meta-commands, so there is nothing to restrict"),
        ("--statistics", null, false, "planner statistics are not dumped: run ANALYZE after the restore"),
        ("--statistics-only", null, false, "planner statistics are not dumped: run ANALYZE after the restore"),
        ("--use-set-session-authorization", null, false, "ownership is written as ALTER … OWNER TO; pgsnap restore --use-set-session-authorization creates each object as its owner"),
        ("--version", "-V", false, "pgsnap --version prints the version"),
    ];

    /// <summary>
    /// pg_dump's -R/--no-reconnect: obsolete, accepted and ignored by pg_dump and pg_restore themselves, so by pgsnap
    /// too (hidden from the help).
    /// </summary>
    public static Option<bool> NoReconnect() => new("--no-reconnect", "-R") { Hidden = true };

    /// <summary>Adds every unsupported option to <paramref name="command"/>, hidden from its help.</summary>
    public static IReadOnlyList<(Option Option, string Reason)> AddTo(Command command) => AddTo(command, s_options);

    /// <summary>Adds <paramref name="options"/> (name, alias, takes a value, reason) to <paramref name="command"/>, hidden from its help.</summary>
    internal static IReadOnlyList<(Option Option, string Reason)> AddTo(Command command, IEnumerable<(string Name, string? Alias, bool TakesValue, string Reason)> options)
    {
        var added = new List<(Option, string)>();
        foreach (var (name, alias, takesValue, reason) in options)
        {
            var aliases = alias is null ? Array.Empty<string>() : [alias];
            Option option = takesValue ? new Option<string?>(name, aliases) { Hidden = true } : new Option<bool>(name, aliases) { Hidden = true };
            command.Options.Add(option);
            added.Add((option, reason));
        }

        return added;
    }

    /// <summary>Fails with a one-line usage error naming the first unsupported option the command line used.</summary>
    public static void Check(ParseResult result, IReadOnlyList<(Option Option, string Reason)> options, string tool = "pg_dump")
    {
        foreach (var (option, reason) in options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"{tool} option {option.Name} is not supported by pgsnap: {reason}");
            }
        }
    }
}
