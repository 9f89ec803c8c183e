using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Guards;
using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Reliability;

/// <summary>
/// Fault table, "connection killed mid-COPY in restore": the restore's backend is terminated
/// (pg_terminate_backend) while it loads rows. The CLI exits 5 with one error line naming the archive's line, the
/// COPY and the lost connection, and saying what the target kept: with <c>-1</c> "nothing was committed" (and nothing
/// of the archive is in the target), without it the file:line and first line of the last statement the server
/// confirmed (a statement before the COPY; what ran before the COPY stays and none of the interrupted table's rows
/// do); the archive is untouched either way. (The dump side of this row: Dump/DumpCliTests and Guards/FaultTableTests.)
/// </summary>
public sealed class RestoreKilledMidCopyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServer _server = null!;
    private string _source = null!;
    private string _folder = null!;
    private string _archive = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _source = await _server.CreateDatabaseAsync("killrestore_src");
        await _server.ExecuteAsync(_source, """
            CREATE TABLE public.first (id int PRIMARY KEY);
            INSERT INTO public.first SELECT generate_series(1, 1000);
            CREATE TABLE public.big (id int, t text);
            INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 1200000) g;
            """);
        _folder = GuardsKit.TempFolder("pgsnap-killrestore-");
        _archive = Path.Combine(_folder, "kill.sql.gz");
        await PgSnapCli.Default.RunCheckedAsync(["dump", "--url", _server.UrlFor(_source), "-f", _archive, "--quiet"]);
    }

    public async Task DisposeAsync()
    {
        await _server.DropDatabaseAsync(_source);
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_restore_whose_copy_is_killed_exits_5_naming_the_copy_and_with_single_transaction_leaves_nothing(bool singleTransaction)
    {
        var target = await _server.CreateDatabaseAsync("killrestore_target");
        try
        {
            var before = await File.ReadAllBytesAsync(_archive);
            string[] args = ["restore", _archive, "--url", _server.UrlFor(target), "--quiet", .. singleTransaction ? new[] { "-1" } : []];
            var restore = PgSnapCli.Default.RunAsync(args);

            Assert.True(await FaultKit.TerminateCopyAsync(_server, target, restore), "the restore finished before its COPY could be terminated");
            var result = await restore;

            output.WriteLine($"exit {result.ExitCode}: {result.StdErr}");
            Assert.Equal(5, result.ExitCode);
            var error = FaultKit.SingleErrorLine(result.StdErr);
            Assert.Contains($"{_archive}:", error, StringComparison.Ordinal);
            Assert.Contains("COPY public.big", error, StringComparison.Ordinal);
            Assert.Contains("connection to the server lost", error, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(_archive));
            if (singleTransaction)
            {
                Assert.EndsWith("; nothing was committed (single transaction)", error, StringComparison.Ordinal);
                Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
            }
            else
            {
                // "…; committed: everything through FILE:N (first line of statement N), nothing after it", N before the COPY.
                var copyLine = long.Parse(Regex.Match(error, $"{Regex.Escape(_archive)}:(?<n>[0-9]+): COPY public.big").Groups["n"].Value, CultureInfo.InvariantCulture);
                var note = Regex.Match(error, $"; committed: everything through {Regex.Escape(_archive)}:(?<n>[0-9]+) \\((?<head>.+)\\), nothing after it$");
                Assert.True(note.Success, error);
                var confirmedLine = long.Parse(note.Groups["n"].Value, CultureInfo.InvariantCulture);
                Assert.InRange(confirmedLine, 1, copyLine - 1);
                var head = note.Groups["head"].Value.TrimEnd('.');
                Assert.StartsWith(head, ArchiveLine(confirmedLine).TrimStart(), StringComparison.Ordinal);
                Assert.Equal(2L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
                Assert.Equal(0L, await _server.ScalarAsync<long>(target, "SELECT count(*) FROM public.big"));
            }
        }
        finally
        {
            await _server.DropDatabaseAsync(target);
        }
    }

    /// <summary>Line <paramref name="number"/> (1-based) of the archive's text.</summary>
    private string ArchiveLine(long number)
    {
        using var text = new StreamReader(new GZipStream(File.OpenRead(_archive), CompressionMode.Decompress));
        for (var i = 1L; i < number; i++)
        {
            text.ReadLine();
        }

        return text.ReadLine() ?? string.Empty;
    }
}
