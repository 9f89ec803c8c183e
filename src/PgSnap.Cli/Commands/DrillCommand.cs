using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Connection;
using PgSnap.Drill;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>
/// `pgsnap drill ARCHIVE --scratch-url URL`: prove a backup restorable by restoring it into a scratch database and
/// comparing it with its manifest (and a live source); the verdict goes to ARCHIVE.drill.json for list and prune.
/// </summary>
internal static class DrillCommand
{
    public static Command Create()
    {
        var archive = new Argument<string>("ARCHIVE") { Description = "The PgSnap archive file to drill." };
        var scratchUrl = new Option<string>("--scratch-url")
        {
            Description = "Server to restore on. pgsnap creates pgsnap_drill_<timestamp> there (connecting to the URL's database) and drops it afterwards; a URL naming a database that does not exist makes that the scratch database (created, then dropped unless --keep).",
            Required = true,
        };
        var useDatabase = new Option<bool>("--use-database") { Description = "Restore into the URL's own database, which must be empty (never dropped)." };
        var against = new Option<string?>("--against") { Description = "Also compare the restored copy with this live database: tables' row counts, and every object's definition, owner, privileges and comment." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scratch database for inspection." };
        var json = new Option<bool>("--json") { Description = "Print the drill's report as JSON on stdout (the same as ARCHIVE.drill.json)." };
        var noOwner = new Option<bool>("--no-owner", "-O") { Description = "Restore without ALTER … OWNER TO (the scratch server lacks the archive's roles)." };
        var noAcl = new Option<bool>("--no-acl", "-x") { Description = "Restore without GRANT / REVOKE." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Restore connections.", DefaultValueFactory = static _ => 1 };

        var command = new Command("drill", "Restore an archive into a scratch database, compare it with its manifest, and record the verdict beside it.");
        command.Arguments.Add(archive);
        foreach (var option in new Option[] { scratchUrl, useDatabase, against, keep, json, noOwner, noAcl, jobs })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            static void Warn(string w) => Console.Error.WriteLine("pgsnap: warning: " + w);
            var againstUrl = result.GetValue(against);
            var options = new DrillOptions
            {
                ArchivePath = result.GetValue(archive)!,
                ScratchServer = ConnectionResolver.Resolve(result.GetValue(scratchUrl), warn: Warn),
                UseDatabase = result.GetValue(useDatabase),
                Against = againstUrl is null ? null : ConnectionResolver.Resolve(againstUrl, warn: Warn),
                Keep = result.GetValue(keep),
                IgnoreOwners = result.GetValue(noOwner),
                IgnoreAcls = result.GetValue(noAcl),
                Jobs = result.GetValue(jobs),
            };
            var report = await DrillVerb.RunAsync(options, ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, DrillJsonContext.Default.DrillReport));
            }
            else
            {
                WriteText(report, DrillReport.PathFor(PgSnap.Storage.S3.S3Location.IsS3(options.ArchivePath) ? options.ArchivePath : Path.GetFullPath(options.ArchivePath)));
            }

            return report.Passed ? ExitCodes.Ok : ExitCodes.From(report.FailureKind ?? PgSnapErrorKind.Failure);
        }, cancellationToken));
        return command;
    }

    private static void WriteText(DrillReport report, string recordPath)
    {
        var output = report.Passed ? Console.Out : Console.Error;
        if (report.Tables.Count > 0)
        {
            var width = report.Tables.Max(static t => t.Schema.Length + t.Name.Length + 1);
            foreach (var t in report.Tables)
            {
                var source = t.SourceRows is null ? "" : $"  source {t.SourceRows}";
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(t.Ok ? "ok  " : "FAIL")}  {(t.Schema + "." + t.Name).PadRight(width)}  expected {Show(t.ExpectedRows)}  restored {Show(t.ActualRows)}{source}"));
            }
        }

        foreach (var s in report.Sequences.Where(static s => !s.Ok))
        {
            Console.Out.WriteLine($"FAIL  sequence {s.Name}  expected {Show(s.Expected)}  restored {Show(s.Actual)}");
        }

        foreach (var error in report.Errors)
        {
            Console.Error.WriteLine("pgsnap: drill: " + error);
        }

        var scratch = report.ScratchDatabase is null ? "" : report.ScratchKept ? $"; scratch database {report.ScratchDatabase} kept" : $"; scratch database {report.ScratchDatabase} dropped";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"drill {(report.Passed ? "PASSED" : "FAILED")}: {report.Archive}: {report.Tables.Count} table(s), {report.Sequences.Count} sequence(s){scratch}; recorded in {recordPath}"));
    }

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
