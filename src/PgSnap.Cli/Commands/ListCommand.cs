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

            List<string[]> rows = [["id", "section", "kind", "schema", "name", "owner", "rows", "bytes"]];
            rows.AddRange(toc.Entries.Select(static e => new[]
            {
                e.Id?.ToString(CultureInfo.InvariantCulture) ?? "-", e.Section, e.Kind, e.Schema ?? "-",
                (e.Chunk is { } c ? $"{e.Name} [{c}]" : e.Name) ?? "-", e.Owner ?? "-",
                e.Rows?.ToString(CultureInfo.InvariantCulture) ?? "", e.Bytes.ToString(CultureInfo.InvariantCulture),
            }));
            WriteAligned(rows, rightAligned: [0, 6, 7]);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// Writes <paramref name="rows"/> (the header first) with every column as wide as its widest cell, so a long
    /// kind or name never pushes the columns after it out of line; numbers are right-aligned.
    /// </summary>
    private static void WriteAligned(List<string[]> rows, int[] rightAligned)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => rightAligned.Contains(i) ? cell.PadLeft(widths[i]) : i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            Console.Out.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
