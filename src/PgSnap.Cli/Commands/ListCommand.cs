using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PgSnap.Verbs;
using PgSnap.Verify;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap list FILE`: the table of contents, like `pg_restore -l`.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A PgSnap archive or pg_dump plain file, or - for stdin." };
        var json = new Option<bool>("--json") { Description = "Print the table of contents as JSON on stdout." };
        var command = new Command("list", "Print an archive's table of contents (section, kind, schema, name, owner, rows, bytes).");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var toc = await ListVerb.RunAsync(new ListRequest { Input = result.GetValue(file)!, Stdin = Console.OpenStandardInput }, ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(toc, VerifyJsonContext.Default.TableOfContents));
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($";; {toc.Source}: {toc.Format} archive, compression {toc.Compression}, {(toc.FromManifest ? "from the manifest" : "from a pass over the text")}");
            if (toc.Drill is not null)
            {
                Console.Out.WriteLine($";; drill: {toc.Drill}");
            }

            if (toc.Uncovered is { Count: > 0 } uncovered)
            {
                Console.Out.WriteLine($";; UNCOVERED: dumped with --allow-uncovered; {uncovered.Count} thing(s) in the database are not in this archive:");
                foreach (var item in uncovered)
                {
                    Console.Out.WriteLine(";;   - " + item);
                }
            }

            Console.Out.WriteLine($"{"id",5}  {"section",-9}  {"kind",-16}  {"schema",-16}  {"name",-32}  {"owner",-12}  {"rows",10}  {"bytes",12}");
            foreach (var e in toc.Entries)
            {
                var name = e.Chunk is { } c ? $"{e.Name} [{c}]" : e.Name;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(e.Id?.ToString(CultureInfo.InvariantCulture) ?? "-"),5}  {e.Section,-9}  {e.Kind,-16}  {e.Schema ?? "-",-16}  {name ?? "-",-32}  {e.Owner ?? "-",-12}  {(e.Rows?.ToString(CultureInfo.InvariantCulture) ?? ""),10}  {e.Bytes,12}"));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
