using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Archive.Compression;
using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Preflight;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap dump`: the options of pg_dump where the meaning is the same, plus output naming and progress.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var command = new Command("dump", "Dump a database to a PgSnap archive (plain SQL; raw, gzip or LZ4) or to stdout.");
        var connection = new ConnectionOptions();
        connection.AddTo(command);
        var databaseName = new Argument<string?>("dbname") { Description = "Database to dump (as pg_dump's last argument; same as -d).", Arity = ArgumentArity.ZeroOrOne };
        databaseName.Validators.Add(static r =>
        {
            // The parser hands an unknown option to the positional argument; a database name never starts with '-'.
            if (r.GetValueOrDefault<string?>() is { } name && name.StartsWith('-'))
            {
                r.AddError($"unrecognized option '{name}'");
            }
        });
        command.Arguments.Add(databaseName);

        var schemaOnly = Add(command, new Option<bool>("--schema-only", "-s") { Description = "Dump only the object definitions, no data." });
        var dataOnly = Add(command, new Option<bool>("--data-only", "-a") { Description = "Dump only the data, not the definitions." });
        var schemas = Add(command, new Option<string[]>("--schema", "-n") { Description = "Dump only schemas matching PATTERN (repeatable).", HelpName = "PATTERN" });
        var excludeSchemas = Add(command, new Option<string[]>("--exclude-schema", "-N") { Description = "Do not dump schemas matching PATTERN (repeatable).", HelpName = "PATTERN" });
        var tables = Add(command, new Option<string[]>("--table", "-t") { Description = "Dump only tables matching PATTERN (repeatable).", HelpName = "PATTERN" });
        var excludeTables = Add(command, new Option<string[]>("--exclude-table", "-T") { Description = "Do not dump tables matching PATTERN (repeatable).", HelpName = "PATTERN" });
        var excludeTableData = Add(command, new Option<string[]>("--exclude-table-data") { Description = "Dump the definition but not the rows of tables matching PATTERN.", HelpName = "PATTERN" });
        var noStrictNames = Add(command, new Option<bool>("--no-strict-names") { Description = "A -n/-t pattern that matches nothing is not an error." });
        var noOwner = Add(command, new Option<bool>("--no-owner", "-O") { Description = "Do not set object ownership." });
        var noAcl = Add(command, new Option<bool>("--no-acl", "--no-privileges", "-x") { Description = "Do not dump privileges (GRANT/REVOKE)." });
        var noComments = Add(command, new Option<bool>("--no-comments") { Description = "Do not dump comments." });
        var noPublications = Add(command, new Option<bool>("--no-publications") { Description = "Do not dump publications." });
        var noSubscriptions = Add(command, new Option<bool>("--no-subscriptions") { Description = "Do not dump subscriptions." });
        var noSecurityLabels = Add(command, new Option<bool>("--no-security-labels") { Description = "Do not dump security labels." });
        var noTablespaces = Add(command, new Option<bool>("--no-tablespaces") { Description = "Do not dump tablespace assignments." });
        var noLargeObjects = Add(command, new Option<bool>("--no-large-objects", "--no-blobs", "-B") { Description = "Do not dump large objects." });
        var clean = Add(command, new Option<bool>("--clean", "-c") { Description = "Drop each object before creating it." });
        var ifExists = Add(command, new Option<bool>("--if-exists") { Description = "Use IF EXISTS in the drops of --clean." });
        var quoteAll = Add(command, new Option<bool>("--quote-all-identifiers") { Description = "Quote every identifier." });
        var profile = Add(command, new Option<string>("--profile") { Description = "default or supabase (leave out Supabase's managed schemas and roles).", DefaultValueFactory = _ => "default" });
        profile.AcceptOnlyFromAmong("default", "supabase");
        var inserts = Add(command, new Option<bool>("--inserts") { Description = "Dump data as INSERT statements instead of COPY." });
        var columnInserts = Add(command, new Option<bool>("--column-inserts", "--attribute-inserts") { Description = "Dump data as INSERT statements with column names." });
        var rowsPerInsert = Add(command, new Option<int?>("--rows-per-insert") { Description = "Rows per INSERT statement (implies --inserts).", HelpName = "N" });
        var onConflict = Add(command, new Option<bool>("--on-conflict-do-nothing") { Description = "Add ON CONFLICT DO NOTHING to INSERT statements." });
        var disableTriggers = Add(command, new Option<bool>("--disable-triggers") { Description = "In a data-only dump, disable triggers while each table's data is restored." });
        var enableRowSecurity = Add(command, new Option<bool>("--enable-row-security") { Description = "Dump only the rows row-level security lets this role see (refused by default); the archive header says so." });
        var jobs = Add(command, new Option<int>("--jobs", "-j") { Description = "Parallel data workers sharing one snapshot.", DefaultValueFactory = _ => 1, HelpName = "N" });
        var compress = Add(command, new Option<string?>("--compress", "-Z") { Description = "none, gzip[:1-9], lz4[:1-12] (or 0-9 as pg_dump). Default: from the file name; gzip with --output-dir.", HelpName = "METHOD[:LEVEL]" });
        var format = Add(command, new Option<string?>("--format", "-F") { Description = "p/plain: the only format pgsnap writes (plain SQL, restorable with psql). c, d and t are refused.", HelpName = "FORMAT" });
        var file = Add(command, new Option<string?>("--file", "-f") { Description = "Write the archive to FILE (.sql, .sql.gz or .sql.lz4). Default: stdout.", HelpName = "FILE" });
        var outputDir = Add(command, new Option<string?>("--output-dir") { Description = "Write backup_{env}_{yyyyMMdd}_{HHmmss}_{label}.sql.gz into DIR.", HelpName = "DIR" });
        var env = Add(command, new Option<string?>("--env") { Description = "Environment name for --output-dir file names (e.g. prod).", HelpName = "ENV" });
        var label = Add(command, new Option<string?>("--label") { Description = "Label for --output-dir file names (e.g. pre-migration).", HelpName = "LABEL" });
        var force = Add(command, new Option<bool>("--force") { Description = "Replace an existing output file." });
        var progress = Add(command, new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." });
        var quiet = Add(command, new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line." });
        var withRoles = Add(command, new Option<bool>("--roles") { Description = "Also write the cluster's roles and memberships (never passwords) at the top of the dump; see pgsnap roles." });
        var allowUnknownServer = Add(command, new Option<bool>(ServerVersionPolicy.OverrideOption) { Description = "Dump a server major this pgsnap does not know (outside 13-18) as best effort, with a warning, instead of refusing." });
        var allowUncovered = Add(command, new Option<bool>("--allow-uncovered") { Description = "Dump even when the coverage audit finds objects, privileges, comments or rows this dump would leave out without an option saying so (otherwise refused, exit 6); the list goes into the archive header." });
        var role = Add(command, new Option<string?>("--role") { Description = "SET ROLE to this role after connecting (every session of the dump).", HelpName = "ROLENAME" });
        var lockWaitTimeout = Add(command, new Option<string?>("--lock-wait-timeout") { Description = "Fail instead of waiting longer than TIMEOUT for a table's lock (e.g. 10s, or milliseconds).", HelpName = "TIMEOUT" });
        var serializableDeferrable = Add(command, new Option<bool>("--serializable-deferrable") { Description = "Take the snapshot in a SERIALIZABLE READ ONLY DEFERRABLE transaction (waits for a safe moment)." });
        var snapshot = Add(command, new Option<string?>("--snapshot") { Description = "Dump as of this snapshot exported by pg_export_snapshot() in another session.", HelpName = "SNAPSHOT" });
        var noSync = Add(command, new Option<bool>("--no-sync") { Description = "Do not fsync the finished archive (faster; not safe against a crash right after)." });
        var syncMethod = Add(command, new Option<string?>("--sync-method") { Description = "fsync (the only method pgsnap uses).", HelpName = "METHOD" });
        var largeObjects = Add(command, new Option<bool>("--large-objects", "--blobs", "-b") { Description = "Include large objects (pgsnap's default for a whole-database dump)." });
        var strictNames = Add(command, new Option<bool>("--strict-names") { Description = "A -n/-t pattern that matches nothing is an error (pgsnap's default)." });
        var encoding = Add(command, new Option<string?>("--encoding", "-E") { Description = "UTF8, the only encoding pgsnap writes.", HelpName = "ENCODING" });
        var noData = Add(command, new Option<bool>("--no-data") { Description = "Same as --schema-only." });
        var noSchema = Add(command, new Option<bool>("--no-schema") { Description = "Same as --data-only." });
        Add(command, new Option<bool>("--no-statistics") { Description = "Leave out planner statistics (pgsnap never dumps them)." });
        var filter = Add(command, new Option<string?>("--filter") { Description = "Read include/exclude table|schema and exclude table_data rules from FILE (pg_dump 17's format).", HelpName = "FILE" });
        var unsupported = PgDumpUnsupportedOptions.AddTo(command);
        var json = Add(command, new Option<bool>("--json") { Description = "Print a one-object JSON summary (stdout when writing a file, else stderr)." });

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var rows = parseResult.GetValue(rowsPerInsert);
            PgDumpUnsupportedOptions.Check(parseResult, unsupported);
            CheckAcceptedValues(parseResult.GetValue(encoding), parseResult.GetValue(syncMethod));
            var filterRules = parseResult.GetValue(filter) is { } filterPath ? DumpFilterFile.Read(filterPath) : new DumpFilterFile();
            if (parseResult.GetValue(largeObjects) && (parseResult.GetValue(schemaOnly) || parseResult.GetValue(noData) || parseResult.GetValue(tables) is { Length: > 0 } || parseResult.GetValue(schemas) is { Length: > 0 }))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, "-b/--large-objects with -s, -n or -t is not supported: pgsnap dumps large objects only in a whole-database dump with data");
            }

            var options = new DumpOptions
            {
                SchemaOnly = parseResult.GetValue(schemaOnly) || parseResult.GetValue(noData),
                DataOnly = parseResult.GetValue(dataOnly) || parseResult.GetValue(noSchema),
                IncludeSchemas = [.. parseResult.GetValue(schemas) ?? [], .. filterRules.IncludeSchemas],
                ExcludeSchemas = [.. parseResult.GetValue(excludeSchemas) ?? [], .. filterRules.ExcludeSchemas],
                IncludeTables = [.. parseResult.GetValue(tables) ?? [], .. filterRules.IncludeTables],
                ExcludeTables = [.. parseResult.GetValue(excludeTables) ?? [], .. filterRules.ExcludeTables],
                ExcludeTableData = [.. parseResult.GetValue(excludeTableData) ?? [], .. filterRules.ExcludeTableData],
                Role = parseResult.GetValue(role),
                LockWaitTimeout = parseResult.GetValue(lockWaitTimeout),
                SerializableDeferrable = parseResult.GetValue(serializableDeferrable),
                Snapshot = parseResult.GetValue(snapshot),
                NoSync = parseResult.GetValue(noSync),
                StrictNames = parseResult.GetValue(strictNames) || !parseResult.GetValue(noStrictNames),
                NoOwner = parseResult.GetValue(noOwner),
                NoAcl = parseResult.GetValue(noAcl),
                NoComments = parseResult.GetValue(noComments),
                NoPublications = parseResult.GetValue(noPublications),
                NoSubscriptions = parseResult.GetValue(noSubscriptions),
                NoSecurityLabels = parseResult.GetValue(noSecurityLabels),
                NoTablespaces = parseResult.GetValue(noTablespaces),
                NoLargeObjects = parseResult.GetValue(noLargeObjects),
                Clean = parseResult.GetValue(clean),
                IfExists = parseResult.GetValue(ifExists),
                QuoteAllIdentifiers = parseResult.GetValue(quoteAll),
                Profile = parseResult.GetValue(profile) == "supabase" ? DumpProfile.Supabase : DumpProfile.Default,
                Inserts = parseResult.GetValue(inserts) || rows is not null,
                ColumnInserts = parseResult.GetValue(columnInserts),
                RowsPerInsert = rows ?? 1,
                OnConflictDoNothing = parseResult.GetValue(onConflict),
                DisableTriggers = parseResult.GetValue(disableTriggers),
                EnableRowSecurity = parseResult.GetValue(enableRowSecurity),
                Jobs = parseResult.GetValue(jobs),
                AllowUncovered = parseResult.GetValue(allowUncovered),
            };
            if (options.IfExists && !options.Clean)
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, "option --if-exists requires option -c/--clean");
            }

            DumpFormat.Check(parseResult.GetValue(format));
            var compression = parseResult.GetValue(compress) is { } z ? CompressionSpec.Parse(z) : null;
            var output = ResolveOutput(
                parseResult.GetValue(file), parseResult.GetValue(outputDir), parseResult.GetValue(env), parseResult.GetValue(label),
                compression, parseResult.GetValue(force), options);
            var spec = connection.Resolve(parseResult, parseResult.GetValue(databaseName));
            var showProgress = !parseResult.GetValue(quiet) && (parseResult.GetValue(progress) || !Console.IsErrorRedirected);
            using var renderer = showProgress ? new ProgressRenderer(terminal: !Console.IsErrorRedirected) : null;
            DumpPlanSource planSource = DumpPlanner.PlanAsync;
            if (parseResult.GetValue(withRoles))
            {
                planSource = PgSnap.Roles.RoleDump.WithRoles(planSource, new PgSnap.Roles.RoleScriptOptions { Profile = options.Profile, NoComments = options.NoComments });
            }

            var preflightRequest = DumpPreflight.RequestFor(options, output, parseResult.GetValue(allowUnknownServer));
            var job = new DumpJob(spec, options, output, planSource)
            {
                Progress = renderer,
                // Preflight: folder, free space, read privileges and server version, on the dump's own
                // connection, before any row is read.
                BeforeSnapshot = async (leader, token) =>
                {
                    var preflight = await DumpPreflight.RunAsync(leader, preflightRequest, token).ConfigureAwait(false);
                    foreach (var line in preflight.ReportLines())
                    {
                        Console.Error.WriteLine("pgsnap: preflight: " + line);
                    }

                    preflight.ThrowIfBlocked();
                },
            };
            job.Validate();
            var summary = await job.RunAsync(ct).ConfigureAwait(false);
            renderer?.Dispose();

            if (parseResult.GetValue(json))
            {
                var text = JsonSerializer.Serialize(DumpSummaryJson.From(summary), ProgressJsonContext.Default.DumpSummaryJson);
                (output.Path is not null ? Console.Out : Console.Error).WriteLine(text);
            }
            else if (!parseResult.GetValue(quiet))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pgsnap: dumped {summary.Tables} tables, {summary.Rows:N0} rows, {Format.Bytes(summary.RawBytes)} ({Format.Bytes(summary.FileBytes)} {summary.Compression}) in {summary.Elapsed.TotalSeconds:0.0} s to {summary.File ?? "stdout"}"));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>-f FILE, --output-dir DIR (named by convention) or stdout; refuses ambiguous combinations.</summary>
    private static DumpOutput ResolveOutput(string? file, string? outputDir, string? env, string? label, CompressionSpec? compression, bool force, DumpOptions options)
    {
        if (file is not null && outputDir is not null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "use either -f/--file or --output-dir, not both");
        }

        if (outputDir is null && (env is not null || label is not null))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--env and --label name files in --output-dir: give --output-dir too");
        }

        if (file is not null && file != "-")
        {
            return DumpOutput.ToFile(file, compression, force);
        }

        if (outputDir is not null)
        {
            if (string.IsNullOrWhiteSpace(env))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, "--output-dir needs --env (e.g. --env prod)");
            }

            var spec = compression ?? CompressionSpec.Gzip;
            var name = PgSnap.Retention.BackupName.Create(
                PgSnap.Retention.BackupName.KindOf(options.SchemaOnly, options.DataOnly), env, DateTimeOffset.UtcNow, label, spec.Kind).FileName;
            return DumpOutput.InFolder(outputDir, name, spec, force);
        }

        return DumpOutput.ToStream(Console.OpenStandardOutput(), compression);
    }

    /// <summary>pg_dump's -E and --sync-method, accepted for the one value pgsnap has.</summary>
    private static void CheckAcceptedValues(string? encoding, string? syncMethod)
    {
        if (encoding is not null && !encoding.Replace("-", string.Empty, StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"encoding \"{encoding}\" is not supported: pgsnap writes UTF8 archives (-E UTF8)");
        }

        if (syncMethod is not null && !syncMethod.Equals("fsync", StringComparison.OrdinalIgnoreCase))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"sync method \"{syncMethod}\" is not supported: pgsnap uses fsync (or --no-sync)");
        }
    }

    private static Option<T> Add<T>(Command command, Option<T> option)
    {
        command.Options.Add(option);
        return option;
    }
}
