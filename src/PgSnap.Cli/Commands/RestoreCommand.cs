using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Restore;
using PgSnap.Restore.Selection;
using PgSnap.Safety;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap restore`: replay a PgSnap archive or a pg_dump plain SQL file (flags as pg_restore's).</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE") { Description = "Archive or plain SQL file (.sql, .sql.gz, .sql.lz4), or - for stdin (spooled to a temporary file and checked before anything runs)." };
        var connection = new ConnectionOptions();
        var single = new Option<bool>("--single-transaction", "-1") { Description = "Restore in one transaction: on failure nothing is left behind (the default when the target already holds user objects)." };
        var noSingle = new Option<bool>("--no-single-transaction") { Description = "Over a target that holds user objects, do not run the restore in one transaction (very large restores, -j): a failure then leaves it half restored." };
        var clean = new Option<bool>("--clean", "-c") { Description = "Drop the objects the archive creates that the target holds (with what belongs to them) before creating them; objects the archive does not hold are left in place." };
        var ifExists = new Option<bool>("--if-exists") { Description = "Accepted for pg_restore compatibility: pgsnap's drops always use IF EXISTS." };
        var create = new Option<bool>("--create", "-C") { Description = "Create the database the URL names (on the server's maintenance database) and restore into it; it must not exist, and a failed restore drops it again." };
        var force = new Option<bool>("--force") { Description = "Restore into a database that already holds user objects (a data-only archive: append to tables that hold rows)." };
        var noOwner = new Option<bool>("--no-owner", "-O") { Description = "Skip ALTER … OWNER TO and SET/RESET SESSION AUTHORIZATION (any archive, pgsnap's or a pg_dump plain file)." };
        var noAcl = new Option<bool>("--no-acl", "-x") { Description = "Skip GRANT / REVOKE / ALTER DEFAULT PRIVILEGES (any archive)." };
        var noComments = new Option<bool>("--no-comments") { Description = "Skip COMMENT ON (any archive)." };
        var role = new Option<string?>("--role") { Description = "SET ROLE to this role right after connecting: what the restore creates is owned by it.", HelpName = "ROLENAME" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would run, without connecting." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Connections for data and indexes (seekable PgSnap archives).", DefaultValueFactory = _ => 1 };
        var allowDowngrade = new Option<bool>(PgSnap.Preflight.RestoreVersionGuard.OverrideOption) { Description = "Restore an archive dumped from a newer server major into an older one (refused by default)." };
        var allowConnect = new Option<bool>("--allow-connect") { Description = "Follow \\connect to another database on the same server." };
        var exitOnError = new Option<bool>("--exit-on-error", "-e") { Description = "Stop at the first error (always on; accepted for pg_restore compatibility)." };
        var progress = new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout." };
        var backupDir = new Option<string?>("--backup-dir") { Description = "Where the safety backup of a non-empty target goes before --clean/--force (default: the archive's folder; required for stdin).", HelpName = "DIR" };
        var noSafetyBackup = new Option<bool>("--no-safety-backup") { Description = "Restore with --clean/--force over user objects without backing them up first." };
        var tables = new Option<string[]>("--table", "-t") { Description = "Restore only this table (name or schema.name, repeatable), with its data, indexes, constraints, triggers, policies, defaults and owned sequences.", HelpName = "NAME" };
        var indexes = new Option<string[]>("--index", "-I") { Description = "Restore only this index (name or schema.name, repeatable; with -t and -P, the union).", HelpName = "NAME" };
        var functions = new Option<string[]>("--function", "-P") { Description = "Restore only this function, procedure or aggregate: name(args) as -l lists it, or name for every overload (repeatable).", HelpName = "NAME(ARGS)" };
        var excludeTables = new Option<string[]>("--exclude-table", "-T") { Description = "Do not restore this table (repeatable).", HelpName = "NAME" };
        var schemas = new Option<string[]>("--schema", "-n") { Description = "Restore only objects in this schema (repeatable).", HelpName = "SCHEMA" };
        var excludeSchemas = new Option<string[]>("--exclude-schema", "-N") { Description = "Do not restore objects in this schema (repeatable).", HelpName = "SCHEMA" };
        var schemaOnly = new Option<bool>("--schema-only", "-s") { Description = "Restore only the definitions (pre-data and post-data)." };
        var dataOnly = new Option<bool>("--data-only", "-a") { Description = "Restore only the data." };
        var sections = new Option<string[]>("--section") { Description = "Restore only this section: pre-data, data or post-data (repeatable).", HelpName = "SECTION" };
        var list = new Option<bool>("--list", "-l") { Description = "Print the archive's table of contents (id; kind schema name owner) and exit." };
        var useList = new Option<string?>("--use-list", "-L") { Description = "Restore only the entries of this list (from -l; lines starting with ';' are skipped).", HelpName = "FILE" };
        var env = new Option<string?>("--env") { Description = "Env of the safety backup's name, backup_{env}_…_pre-restore.sql.gz (default: restore).", HelpName = "ENV" };

        var command = new Command("restore", "Restore a PgSnap archive or a pg_dump plain SQL file into a database.");
        command.Arguments.Add(input);
        connection.AddTo(command);
        foreach (var option in new Option[] { tables, indexes, functions, excludeTables, schemas, excludeSchemas, schemaOnly, dataOnly, sections, list, useList, single, noSingle, clean, create, ifExists, force, noOwner, noAcl, noComments, role, dryRun, jobs, allowConnect, allowDowngrade, exitOnError, progress, quiet, json, backupDir, noSafetyBackup, env })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var isQuiet = result.GetValue(quiet);
            var showProgress = !isQuiet && (result.GetValue(progress) || !Console.IsErrorRedirected);
            var options = new RestoreOptions
            {
                SingleTransaction = result.GetValue(single),
                NoSingleTransaction = result.GetValue(noSingle),
                Clean = result.GetValue(clean),
                Force = result.GetValue(force),
                Create = result.GetValue(create),
                NoOwner = result.GetValue(noOwner),
                NoAcl = result.GetValue(noAcl),
                NoComments = result.GetValue(noComments),
                Role = string.IsNullOrEmpty(result.GetValue(role)) ? null : result.GetValue(role),
                DryRun = result.GetValue(dryRun),
                Jobs = result.GetValue(jobs),
                AllowConnect = result.GetValue(allowConnect),
                AllowDowngrade = result.GetValue(allowDowngrade),
                DryRunOutput = Console.Out,
                List = result.GetValue(list),
                Selection = new RestoreSelection
                {
                    Tables = result.GetValue(tables) ?? [],
                    Indexes = result.GetValue(indexes) ?? [],
                    Functions = result.GetValue(functions) ?? [],
                    ExcludeTables = result.GetValue(excludeTables) ?? [],
                    Schemas = result.GetValue(schemas) ?? [],
                    ExcludeSchemas = result.GetValue(excludeSchemas) ?? [],
                    SchemaOnly = result.GetValue(schemaOnly),
                    DataOnly = result.GetValue(dataOnly),
                    Sections = result.GetValue(sections) ?? [],
                    UseList = result.GetValue(useList) is { } listFile ? TocListing.ReadIds(listFile) : null,
                },
                Progress = showProgress ? RenderProgress : null,
            };
            var spec = options.DryRun || options.List ? null : connection.Resolve(result);

            // Safety backup: before --clean/--force changes a database that holds user objects, dump and
            // verify it; if that fails, TakeAsync throws and nothing is restored.
            if (spec is not null)
            {
                var path = result.GetValue(input)!;
                var safety = await SafetyBackup.Default.TakeAsync(
                    new SafetyBackupRequest
                    {
                        Target = spec,
                        Destructive = options.Clean || options.Force,
                        Skip = result.GetValue(noSafetyBackup),
                        BackupDirectory = result.GetValue(backupDir) ?? (path == "-" ? null : Path.GetDirectoryName(Path.GetFullPath(path))),
                        Env = result.GetValue(env) ?? "restore",
                    },
                    ct).ConfigureAwait(false);
                if (safety.Status is SafetyBackupStatus.Taken or SafetyBackupStatus.Skipped)
                {
                    Console.Error.WriteLine((safety.Status == SafetyBackupStatus.Skipped ? "pgsnap: warning: " : "pgsnap: ") + safety.Message);
                }
            }

            var summary = await RestoreEngine.RunAsync(result.GetValue(input)!, Console.OpenStandardInput, spec, options, ct).ConfigureAwait(false);
            if (showProgress)
            {
                Console.Error.Write("\r\u001b[K");
            }

            if (options.List)
            {
                return ExitCodes.Ok;
            }

            foreach (var warning in summary.Warnings)
            {
                Console.Error.WriteLine("pgsnap: warning: " + warning);
            }

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(RestoreSummaryJson.From(summary), ProgressJsonContext.Default.RestoreSummaryJson));
            }
            else if (!isQuiet)
            {
                Console.Error.WriteLine(Describe(summary));
                if (summary.ArchiveBytesRead is { } read)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pgsnap: selective restore read {read} bytes of the archive's {new FileInfo(summary.Source).Length} (the chosen blocks twice: checked, then restored)"));
                }

                if (summary.LeftInPlace.Count > 0)
                {
                    Console.Error.WriteLine($"pgsnap: left in place ({summary.LeftInPlace.Count}, not in the archive): {string.Join(", ", summary.LeftInPlace)}");
                }
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static void RenderProgress(RestoreProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
        var rate = p.Bytes / seconds / (1024 * 1024);
        var line = string.Create(CultureInfo.InvariantCulture, $"restore: {p.Statements} statements, {p.Rows} rows, {p.Bytes / (1024.0 * 1024):F1} MiB, {rate:F1} MiB/s");
        if (p.TotalBytes is > 0 and var total && p.Bytes > 0)
        {
            var eta = TimeSpan.FromSeconds(seconds * (total - p.Bytes) / p.Bytes);
            line += string.Create(CultureInfo.InvariantCulture, $", {100.0 * p.Bytes / total:F0}%, ETA {eta:hh\\:mm\\:ss}");
        }

        Console.Error.Write("\r\u001b[K" + line);
    }

    private static string Describe(RestoreSummary s) => string.Create(CultureInfo.InvariantCulture,
        $"pgsnap: {(s.DryRun ? "dry run of" : "restored")} {s.Source} ({s.Format}): {s.Statements} statements, {s.Rows} rows, {s.Bytes / (1024.0 * 1024):F1} MiB, {s.Skipped} skipped, -j {s.Jobs}, {s.Elapsed.TotalSeconds:F1} s");
}
