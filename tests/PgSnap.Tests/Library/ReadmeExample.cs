using PgSnap.Connection;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Verbs;

namespace PgSnap.Tests.Library;

/// <summary>
/// README.md's "Use as a library" example, compiled and run here (ReadmeExampleTests checks that the README shows
/// exactly the lines between the markers).
/// </summary>
internal static class ReadmeExample
{
    public static async Task<RestoreSummary> DumpThenRestoreAsync(string sourceUrl, string targetUrl, string file, CancellationToken ct)
    {
        // readme-example-start
        var source = ConnectionStringParser.Parse(sourceUrl);
        var dumped = await DumpVerb.RunAsync(
            new DumpRequest { Source = source, Output = DumpOutput.ToFile(file, compression: null, force: false) },
            progress: null, ct);
        Console.WriteLine($"{dumped.Tables} tables, {dumped.Rows} rows in {dumped.File}");

        var target = ConnectionStringParser.Parse(targetUrl);
        var restored = await RestoreVerb.RunAsync(new RestoreRequest { Input = file, Target = target }, ct);
        // readme-example-end
        return restored;
    }
}
