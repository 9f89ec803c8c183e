using System.CommandLine;
using System.Text.Json;
using PgSnap.Connection;
using PgSnap.Verbs;
using PgSnap.Verify;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap verify FILE|-`: is the archive whole and intact, and does it hold what it must?</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A PgSnap archive or pg_dump plain file (.sql, .sql.gz, .sql.lz4, .sql.zst), or - for stdin." };
        var requireTable = new Option<string[]>("--require-table")
        {
            Description = "Tables that must be in the archive, comma-separated (schema.name; a bare name means public).",
            AllowMultipleArgumentsPerToken = true,
        };
        var requireRows = new Option<bool>("--require-rows") { Description = "Required tables must also have rows." };
        var against = new Option<string?>("--against") { Description = "Compare tables and row counts with this live database (URL or key=value)." };
        var quick = new Option<bool>("--quick")
        {
            Description = "Check completeness only, not block checksums: read the completion marker, the manifest (with its checksum) and "
                + "the header block, no other block (a file or s3:// object). A damaged byte inside a block passes; the full verify finds it.",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON on stdout." };

        var command = new Command("verify", "Check an archive without a server: checksums, manifest, completion marker, row counts.");
        command.Arguments.Add(file);
        command.Options.Add(requireTable);
        command.Options.Add(requireRows);
        command.Options.Add(against);
        command.Options.Add(quick);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var options = new VerifyOptions
            {
                RequiredTables = (result.GetValue(requireTable) ?? [])
                    .SelectMany(static t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToList(),
                RequireRows = result.GetValue(requireRows),
            };
            var againstSpec = result.GetValue(against) is { } url
                ? ConnectionResolver.Resolve(url, warn: static w => Console.Error.WriteLine("pgsnap: warning: " + w))
                : null;
            var report = await VerifyVerb.RunAsync(
                new VerifyRequest { Input = result.GetValue(file)!, Stdin = Console.OpenStandardInput, Options = options, Against = againstSpec, Quick = result.GetValue(quick) },
                ct).ConfigureAwait(false);

            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, VerifyJsonContext.Default.VerifyReport));
            }
            else
            {
                WriteText(report);
            }

            return report.ErrorKind is { } kind ? ExitCodes.From(kind) : ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static void WriteText(VerifyReport report)
    {
        var rows = report.Tables.Sum(static t => t.Rows);
        Console.Out.WriteLine($"{report.Source}: {report.Format} archive, compression {report.Compression}, {(report.Complete ? "complete" : "INCOMPLETE")}");
        if (report.Header is { } h)
        {
            Console.Out.WriteLine($"  dumped by {h.Tool} from database {h.Database} (server {h.ServerVersion}) at {h.StartedUtc:u}");
            foreach (var warning in h.Warnings ?? [])
            {
                Console.Out.WriteLine($"  WARNING (archive header): {warning}");
            }

            if (h.Uncovered is { Count: > 0 } uncovered)
            {
                Console.Out.WriteLine($"  UNCOVERED: dumped with --allow-uncovered; {uncovered.Count} thing(s) in the database are not in this archive:");
                foreach (var item in uncovered)
                {
                    Console.Out.WriteLine("    - " + item);
                }
            }
        }

        Console.Out.WriteLine(report.Quick
            ? $"  quick: completion marker, manifest and header checked; {report.Blocks} blocks, {report.Tables.Count} tables, {rows} rows (the manifest's), block checksums not read"
            : report.Format == "pgsnap"
            ? $"  {report.Blocks} blocks, {report.Tables.Count} tables, {rows} rows recounted, {report.UncompressedBytes} bytes uncompressed"
            : $"  {report.Statements} statements, {report.Tables.Count} tables, {rows} rows counted, {report.UncompressedBytes} bytes uncompressed");
        foreach (var r in report.Required)
        {
            var state = !r.Present ? "MISSING" : r.Rows is { } n ? $"present, {n} rows" : "present (definition only, no data in this archive)";
            Console.Out.WriteLine($"  required {r.Table}: {state}");
        }

        if (report.Against is { } a)
        {
            Console.Out.WriteLine($"  against {a.Database}: {a.TablesCompared} tables compared, {a.Differences.Count} differences");
            foreach (var d in a.Differences)
            {
                Console.Out.WriteLine($"    {d.Schema}.{d.Name}: archive {(d.ArchiveRows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent")}, live {(d.LiveRows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent")}");
            }

            if (a.LeftOutByOptions.Count > 0)
            {
                Console.Out.WriteLine($"  against {a.Database}: left out by the dump's options, not compared: {string.Join(", ", a.LeftOutByOptions)}");
            }

            Console.Out.WriteLine(a.ObjectsCompared is { } n
                ? $"  against {a.Database}: {n} objects compared (definition, owner, privileges, comment), {a.ObjectDifferences.Count} differences"
                : $"  against {a.Database}: {a.ObjectsNote}");
        }

        if (report.FirstBadBlock is { } bad)
        {
            Console.Out.WriteLine($"  first bad block: {bad.Describe()}: {bad.Problem}");
        }

        foreach (var w in report.Warnings)
        {
            Console.Out.WriteLine($"  WARNING: {w}");
        }

        foreach (var p in report.Problems)
        {
            Console.Out.WriteLine($"  FAIL {p.Code}: {SecretRedactor.Redact(p.Message)}");
        }

        Console.Out.WriteLine(report.Ok ? "OK" : "FAILED");
    }
}
