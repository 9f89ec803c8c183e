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
        var json = Add(command, new Option<bool>("--json") { Description = "Print a one-object JSON summary (stdout when writing a file, else stderr)." });

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var rows = parseResult.GetValue(rowsPerInsert);
            var options = new DumpOptions
            {
                SchemaOnly = parseResult.GetValue(schemaOnly),
                DataOnly = parseResult.GetValue(dataOnly),
                IncludeSchemas = parseResult.GetValue(schemas) ?? [],
                ExcludeSchemas = parseResult.GetValue(excludeSchemas) ?? [],
                IncludeTables = parseResult.GetValue(tables) ?? [],
                ExcludeTables = parseResult.GetValue(excludeTables) ?? [],
                ExcludeTableData = parseResult.GetValue(excludeTableData) ?? [],
                StrictNames = !parseResult.GetValue(noStrictNames),
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

            var compression = parseResult.GetValue(compress) is { } z ? CompressionSpec.Parse(z) : null;
            var output = ResolveOutput(
                parseResult.GetValue(file), parseResult.GetValue(outputDir), parseResult.GetValue(env), parseResult.GetValue(label),
                compression, parseResult.GetValue(force), options);
            var spec = connection.Resolve(parseResult);
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
            return DumpOutput.ToFile(Path.Combine(outputDir, name), spec, force);
        }

        return DumpOutput.ToStream(Console.OpenStandardOutput(), compression);
    }

    private static Option<T> Add<T>(Command command, Option<T> option)
    {
        command.Options.Add(option);
        return option;
    }
}
