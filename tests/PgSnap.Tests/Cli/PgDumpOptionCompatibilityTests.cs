using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Cli;

/// <summary>
/// Every option of pg_dump 18 (its --help, option by option) either works with <c>pgsnap dump</c> or is refused with
/// a one-line reason and exit 2: none is "unrecognized", none prints help, none is silently ignored. Run against a
/// port where nothing listens, an accepted option gets as far as connecting (exit 3). docs/PG_DUMP_COMPAT.md is the
/// same list for people.
/// </summary>
public sealed class PgDumpOptionCompatibilityTests
{
    /// <summary>pg_dump 18's options, with a value where they take one; true when pgsnap carries it out.</summary>
    private static TheoryData<string, string?, bool> Options => new()
    {
        { "-f", "FILE", true }, { "--file", "FILE", true }, { "-F", "p", true }, { "--format", "plain", true },
        { "-j", "2", true }, { "--jobs", "2", true }, { "-v", null, true }, { "--verbose", null, true },
        { "-V", null, false }, { "--version", null, false }, { "-Z", "gzip:6", true }, { "--compress", "lz4", true },
        { "--lock-wait-timeout", "10s", true }, { "--no-sync", null, true }, { "--sync-method", "fsync", true },
        { "-a", null, true }, { "--data-only", null, true }, { "-b", null, true }, { "--large-objects", null, true },
        { "--blobs", null, true }, { "-B", null, true }, { "--no-large-objects", null, true }, { "--no-blobs", null, true },
        { "-c", null, true }, { "--clean", null, true }, { "-C", null, true }, { "--create", null, true },
        { "-e", "pgcrypto", true }, { "--extension", "pgcrypto", true }, { "-E", "UTF8", true }, { "--encoding", "UTF8", true },
        { "-n", "public", true }, { "--schema", "public", true }, { "-N", "audit", true }, { "--exclude-schema", "audit", true },
        { "-O", null, true }, { "--no-owner", null, true }, { "-s", null, true }, { "--schema-only", null, true },
        { "-S", "postgres", false }, { "--superuser", "postgres", false }, { "-t", "t", true }, { "--table", "t", true },
        { "-T", "t", true }, { "--exclude-table", "t", true }, { "-x", null, true }, { "--no-privileges", null, true },
        { "--binary-upgrade", null, false }, { "--column-inserts", null, true }, { "--attribute-inserts", null, true },
        { "--disable-dollar-quoting", null, false }, { "--disable-triggers", null, true }, { "--enable-row-security", null, true },
        { "--exclude-extension", "pgcrypto", true }, { "--exclude-table-and-children", "t", false },
        { "--exclude-table-data", "t", true }, { "--exclude-table-data-and-children", "t", false },
        { "--extra-float-digits", "3", false }, { "--filter", "FILTER", true }, { "--if-exists", null, true },
        { "--include-foreign-data", "srv", false }, { "--inserts", null, true }, { "--load-via-partition-root", null, false },
        { "--no-comments", null, true }, { "--no-data", null, true }, { "--no-policies", null, true },
        { "--no-publications", null, true }, { "--no-schema", null, true }, { "--no-security-labels", null, true },
        { "--no-statistics", null, true }, { "--no-subscriptions", null, true }, { "--no-table-access-method", null, true },
        { "--no-tablespaces", null, true }, { "--no-toast-compression", null, true }, { "--no-unlogged-table-data", null, true },
        { "--on-conflict-do-nothing", null, true }, { "--quote-all-identifiers", null, true }, { "--restrict-key", "k", false },
        { "--rows-per-insert", "10", true }, { "--section", "data", true }, { "--sequence-data", null, true },
        { "--serializable-deferrable", null, true }, { "--snapshot", "00000003-0000001B-1", true }, { "--statistics", null, false },
        { "--statistics-only", null, false }, { "--strict-names", null, true }, { "--table-and-children", "t", false },
        { "--use-set-session-authorization", null, false }, { "-d", "app", true }, { "--dbname", "app", true },
        { "-h", "127.0.0.1", true }, { "--host", "127.0.0.1", true }, { "-p", "1", true }, { "--port", "1", true },
        { "-U", "alice", true }, { "--username", "alice", true }, { "-w", null, true }, { "--no-password", null, true },
        { "--role", "reader", true }, { "--no-acl", null, true }, { "-R", null, true }, { "--no-reconnect", null, true },
    };

    /// <summary>pg_restore 18's options, as for pg_dump above (-T is pgsnap's --exclude-table, so only --trigger is listed).</summary>
    private static TheoryData<string, string?, bool> RestoreOptions => new()
    {
        { "-d", "app", true }, { "--dbname", "app", true }, { "-f", "out.sql", false }, { "--file", "out.sql", false },
        { "-F", "c", false }, { "--format", "d", false }, { "-l", null, true }, { "--list", null, true },
        { "-v", null, true }, { "--verbose", null, true }, { "-V", null, false }, { "--version", null, false },
        { "-a", null, true }, { "--data-only", null, true }, { "-c", null, true }, { "--clean", null, true },
        { "-C", null, true }, { "--create", null, true }, { "-e", null, true }, { "--exit-on-error", null, true },
        { "-I", "i", true }, { "--index", "i", true }, { "-j", "2", true }, { "--jobs", "2", true },
        { "-L", "LIST", true }, { "--use-list", "LIST", true }, { "-n", "public", true }, { "--schema", "public", true },
        { "-N", "audit", true }, { "--exclude-schema", "audit", true }, { "-O", null, true }, { "--no-owner", null, true },
        { "-P", "f()", true }, { "--function", "f()", true }, { "-s", null, true }, { "--schema-only", null, true },
        { "-S", "postgres", false }, { "--superuser", "postgres", false }, { "-t", "t", true }, { "--table", "t", true },
        { "--trigger", "trg", false }, { "-x", null, true }, { "--no-privileges", null, true }, { "--no-acl", null, true },
        { "-1", null, true }, { "--single-transaction", null, true }, { "--disable-triggers", null, true },
        { "--enable-row-security", null, true }, { "--filter", "FILTER", false }, { "--if-exists", null, true },
        { "--no-comments", null, true }, { "--no-data", null, true }, { "--no-data-for-failed-tables", null, true },
        { "--no-policies", null, true }, { "--no-publications", null, true }, { "--no-schema", null, true },
        { "--no-security-labels", null, true }, { "--no-statistics", null, true }, { "--no-subscriptions", null, true },
        { "--no-table-access-method", null, true }, { "--no-tablespaces", null, true }, { "--restrict-key", "k", false },
        { "--section", "data", true }, { "--statistics", null, false }, { "--statistics-only", null, false },
        { "--strict-names", null, true }, { "--transaction-size", "100", false }, { "--use-set-session-authorization", null, true },
        { "-h", "127.0.0.1", true }, { "--host", "127.0.0.1", true }, { "-p", "1", true }, { "--port", "1", true },
        { "-U", "alice", true }, { "--username", "alice", true }, { "-w", null, true }, { "--no-password", null, true },
        { "--role", "reader", true }, { "-R", null, true }, { "--no-reconnect", null, true },
    };

    /// <summary>
    /// Supported pg_restore options that are checked before pgsnap connects, against the small archive of the test:
    /// -l and -L need a PgSnap archive, --disable-triggers a data-only restore. They must not be refused as
    /// unsupported; what they say instead is their own usage error.
    /// </summary>
    private static readonly HashSet<string> s_checkedBeforeConnecting = ["-l", "--list", "-L", "--use-list", "--disable-triggers", "-j", "--jobs", "-I", "--index", "-P", "--function"];

    [Fact]
    public async Task Each_pg_restore_option_works_or_is_refused_with_a_reason()
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-restore-compat-").FullName;
        var archive = Path.Combine(dir, "plain.sql");
        await File.WriteAllTextAsync(archive, "--\n-- Name: t; Type: TABLE; Schema: public; Owner: -\n--\n\nCREATE TABLE public.t (a int);\n");
        var list = Path.Combine(dir, "list.txt");
        await File.WriteAllTextAsync(list, "1;\n");
        using var gate = new SemaphoreSlim(4);
        var failures = await Task.WhenAll(RestoreOptions.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                var (option, value, supported) = ((string)row[0], (string?)row[1], (bool)row[2]);
                value = value switch { "LIST" => list, "FILTER" => list, _ => value };
                List<string> args = ["restore", archive, option];
                if (value is not null)
                {
                    args.Add(value);
                }

                args.AddRange(option is "-h" or "--host" ? [] : ["-h", "127.0.0.1"]);
                args.AddRange(option is "-p" or "--port" ? [] : ["-p", "1"]);
                args.AddRange(option is "-d" or "--dbname" ? [] : ["-d", "app"]);
                var result = await PgSnapCli.Default.RunAsync(args, timeout: TimeSpan.FromSeconds(120));
                var stderr = result.StdErr.Trim();
                var refused = result.ExitCode == 2 && !stderr.Contains('\n', StringComparison.Ordinal) && stderr.Contains("pg_restore option", StringComparison.Ordinal) && stderr.Contains("not supported", StringComparison.Ordinal);
                if (stderr.Contains("nrecognized", StringComparison.Ordinal) || result.StdOutText.Contains("Usage:", StringComparison.Ordinal))
                {
                    return $"{option}: not recognized or printed help: {stderr}";
                }

                return supported switch
                {
                    true when s_checkedBeforeConnecting.Contains(option) => refused ? $"{option}: refused: {stderr}" : null,
                    true => result.ExitCode == 3 ? null : $"{option}: expected to reach the connection (exit 3), got {result.ExitCode}: {stderr}",
                    false => refused ? null : $"{option}: expected a one-line refusal (exit 2), got {result.ExitCode}: {stderr}",
                };
            }
            finally
            {
                gate.Release();
            }
        }));

        var failed = failures.Where(f => f is not null).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    [Fact]
    public async Task Each_pg_dump_option_works_or_is_refused_with_a_reason()
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-compat-").FullName;
        var filter = Path.Combine(dir, "filter.txt");
        await File.WriteAllTextAsync(filter, "# tables\ninclude table t\nexclude table_data t  # rows\n");

        // One process per option; a few at a time so the class costs seconds, not minutes, on two cores.
        using var gate = new SemaphoreSlim(4);
        var failures = await Task.WhenAll(Options.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                return await CheckAsync((string)row[0], (string?)row[1], (bool)row[2], dir, filter);
            }
            finally
            {
                gate.Release();
            }
        }));

        var failed = failures.Where(f => f is not null).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    private static async Task<string?> CheckAsync(string option, string? value, bool supported, string dir, string filter)
    {
        value = value switch
        {
            "FILE" => Path.Combine(dir, option.TrimStart('-') + ".sql"),
            "FILTER" => filter,
            _ => value,
        };
        List<string> args = ["dump", option];
        if (value is not null)
        {
            args.Add(value);
        }

        // Nothing listens on port 1: an accepted option gets as far as connecting (exit 3).
        if (option is not ("-h" or "--host"))
        {
            args.AddRange(["-h", "127.0.0.1"]);
        }

        if (option is not ("-p" or "--port"))
        {
            args.AddRange(["-p", "1"]);
        }

        if (option is not ("-d" or "--dbname"))
        {
            args.Add("app");
        }

        if (option is "--on-conflict-do-nothing")
        {
            args.Add("--inserts");
        }

        if (option is "--if-exists")
        {
            args.Add("--clean");
        }

        var result = await PgSnapCli.Default.RunAsync(args, timeout: TimeSpan.FromSeconds(120));
        var stderr = result.StdErr.Trim();
        if (stderr.Contains("nrecognized", StringComparison.Ordinal) || result.StdOutText.Contains("Usage:", StringComparison.Ordinal))
        {
            return $"{option}: not recognized or printed help: {stderr}";
        }

        if (supported)
        {
            return result.ExitCode == 3 ? null : $"{option}: expected to reach the connection (exit 3), got {result.ExitCode}: {stderr}";
        }

        return result.ExitCode == 2 && !stderr.Contains('\n', StringComparison.Ordinal) && stderr.Contains("not supported", StringComparison.Ordinal)
            ? null
            : $"{option}: expected a one-line refusal (exit 2), got {result.ExitCode}: {stderr}";
    }

    [Fact]
    public async Task A_filter_file_rule_pgsnap_cannot_carry_out_is_refused_with_its_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("pgsnap-compat-").FullName;
        var filter = Path.Combine(dir, "rules.txt");
        await File.WriteAllTextAsync(filter, "# ok\ninclude table a\ninclude extension postgis\n");

        var result = await PgSnapCli.Default.RunAsync(["dump", "--filter", filter, "-h", "127.0.0.1", "-p", "1", "app"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(filter + ":3:", result.StdErr, StringComparison.Ordinal);
    }
}
