using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Archive.Compression;
using PgSnap.Dump;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>
/// `pgsnap dump`: parses the options (<see cref="DumpArguments"/>), calls <see cref="DumpVerb.RunAsync"/>, renders
/// progress and the summary. The order of work (preflight, roles, snapshot, data) is the engine's.
/// </summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var command = new Command("dump", "Dump a database to a PgSnap archive (plain SQL; raw, gzip, LZ4 or zstd) or to stdout.");
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
        var arguments = new DumpArguments(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(
            parseResult.GetValue(GlobalOptions.Verbose),
            ct => RunAsync(parseResult, arguments, () => connection.Resolve(parseResult, parseResult.GetValue(databaseName)), ct),
            cancellationToken));
        return command;
    }

    /// <summary>
    /// Checks the arguments (usage errors before anything connects), calls the engine, prints the summary.
    /// <paramref name="resolveSpec"/> is called after the usage checks: it may prompt for a password.
    /// </summary>
    private static async Task<int> RunAsync(ParseResult parseResult, DumpArguments a, Func<PgSnap.Connection.ConnectionSpec> resolveSpec, CancellationToken ct)
    {
        var request = BuildRequest(parseResult, a, resolveSpec);
        var showProgress = !parseResult.GetValue(a.Quiet) && (parseResult.GetValue(a.Progress) || !Console.IsErrorRedirected);
        using var renderer = showProgress ? new ProgressRenderer(terminal: !Console.IsErrorRedirected) : null;
        var summary = await DumpVerb.RunAsync(request, renderer, ct).ConfigureAwait(false);
        renderer?.Dispose();

        if (parseResult.GetValue(a.Json))
        {
            var text = JsonSerializer.Serialize(DumpSummaryJson.From(summary), ProgressJsonContext.Default.DumpSummaryJson);
            (request.Output.Path is not null ? Console.Out : Console.Error).WriteLine(text);
        }
        else if (!parseResult.GetValue(a.Quiet))
        {
            Console.Error.WriteLine(Describe(summary, request.Options));
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The summary line in a person's words: what the dump holds ("schema only: 44 tables, 0 rows"), then what was
    /// written ("7.3 MB written (not compressed)", or the file's size with the compression and the SQL's size).
    /// </summary>
    private static string Describe(PgSnap.Dump.DumpSummary summary, PgSnap.Dump.DumpOptions options)
    {
        var scope = options.SchemaOnly ? "schema only:" : options.DataOnly ? "data only:" : "dumped";
        var written = summary.Compression == "none"
            ? $"{Format.Bytes(summary.FileBytes)} written (not compressed)"
            : $"{Format.Bytes(summary.FileBytes)} written ({summary.Compression}, {Format.Bytes(summary.RawBytes)} of SQL)";
        return string.Create(CultureInfo.InvariantCulture,
            $"pgsnap: {scope} {(options.SchemaOnly ? summary.TablesDefined : summary.Tables)} tables, {summary.Rows:N0} rows, {written} in {summary.Elapsed.TotalSeconds:0.0} s to {summary.File ?? "stdout"}{(summary.UploadedBytes is { } up ? $" ({Format.Bytes(up)} uploaded)" : "")}");
    }

    /// <summary>The engine's request from the command line: every usage check, in the order the user meets them.</summary>
    private static DumpRequest BuildRequest(ParseResult parseResult, DumpArguments a, Func<PgSnap.Connection.ConnectionSpec> resolveSpec)
    {
        PgDumpUnsupportedOptions.Check(parseResult, a.Unsupported);
        CheckAcceptedValues(parseResult.GetValue(a.Encoding), parseResult.GetValue(a.SyncMethod));
        var filterRules = parseResult.GetValue(a.Filter) is { } filterPath ? DumpFilterFile.Read(filterPath) : new DumpFilterFile();
        var options = a.ToOptions(parseResult, filterRules);
        options.Validate();
        options = options.WithSections(a.SectionsOf(parseResult));
        if (parseResult.GetValue(a.LargeObjects) && (options.SchemaOnly || !options.IncludesEverything))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-b/--large-objects with -s, --section without data, -n, -t or -e is not supported: pgsnap dumps large objects only in a whole-database dump with data");
        }

        DumpFormat.Check(parseResult.GetValue(a.Format));
        var compression = parseResult.GetValue(a.Compress) is { } z ? CompressionSpec.Parse(z) : null;
        var output = ResolveOutput(
            parseResult.GetValue(a.File), parseResult.GetValue(a.OutputDir), parseResult.GetValue(a.Env), parseResult.GetValue(a.Label),
            compression, parseResult.GetValue(a.Force), options, parseResult.GetValue(a.Utc));
        return new DumpRequest
        {
            Source = resolveSpec(),
            Output = output,
            Options = options,
            WithRoles = parseResult.GetValue(a.WithRoles),
            AllowUnknownServer = parseResult.GetValue(a.AllowUnknownServer),
            PreflightReport = static line => Console.Error.WriteLine("pgsnap: preflight: " + line),
        };
    }

    /// <summary>-f FILE, --output-dir DIR (named by convention) or stdout; refuses ambiguous combinations.</summary>
    private static DumpOutput ResolveOutput(string? file, string? outputDir, string? env, string? label, CompressionSpec? compression, bool force, DumpOptions options, bool utc)
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
                PgSnap.Retention.BackupName.KindOf(options.SchemaOnly, options.DataOnly), env, DateTimeOffset.Now, label, spec.Kind, inLocalTime: !utc).FileName;
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
}
