using System.Text.Json;
using PgSnap.Archive.Compression;
using PgSnap.Drill;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Guards;

/// <summary>The restore drill on real archives against the real server.</summary>
public sealed class DrillTests
{
    [Fact]
    public async Task Drill_of_a_good_archive_passes_records_passed_true_and_drops_its_scratch_database()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_good");
        var folder = GuardsKit.TempFolder("pgsnap-drill-");
        var archive = Path.Combine(folder, "backup_test_20261125_210000_drill.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);

        var report = await new RestoreDrill(GuardsKit.EngineRestorer).RunAsync(
            new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, "postgres"), Against = GuardsKit.Spec(server, source) },
            CancellationToken.None);

        Assert.True(report.Passed, string.Join("; ", report.Errors));
        Assert.Equal(37, report.Tables.Single(t => t.Name == "clients").ActualRows);
        Assert.Equal(500, report.Tables.Single(t => t.Name == "agent_calls").ExpectedRows);
        Assert.Equal(500, report.Tables.Single(t => t.Name == "agent_calls").SourceRows);
        Assert.Equal(0, report.Tables.Single(t => t.Name == "Mixed Case").ActualRows);
        Assert.True(report.SequencesOk);
        Assert.Contains(report.Sequences, s => s.Name == "public.clients_id_seq" && s.Expected == 37 && s.Actual == 37);
        Assert.Contains(report.Sequences, s => s.Name == "app.unused_seq" && s.Expected is null && s.Actual is null);
        Assert.StartsWith("pgsnap_drill_", report.ScratchDatabase, StringComparison.Ordinal);
        Assert.False(await GuardsKit.DatabaseExistsAsync(server, report.ScratchDatabase!));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(archive + ".drill.json"));
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(Path.GetFileName(archive), json.RootElement.GetProperty("archive").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("tables").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("tables").EnumerateArray(), t =>
            t.GetProperty("schema").GetString() == "app" && t.GetProperty("name").GetString() == "agent_calls"
            && t.GetProperty("expected_rows").GetInt64() == 500 && t.GetProperty("actual_rows").GetInt64() == 500 && t.GetProperty("ok").GetBoolean());
        Assert.True(json.RootElement.GetProperty("sequences_ok").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(2, Directory.GetFiles(folder).Length);
        await server.DropDatabaseAsync(source);
    }

    [Fact]
    public async Task Drill_of_an_archive_with_a_flipped_byte_in_a_row_fails_and_records_passed_false()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_flip");
        var folder = GuardsKit.TempFolder("pgsnap-drill-");
        var archive = Path.Combine(folder, "backup_test_20261125_210000_flip.sql");
        await GuardsKit.DumpAsync(server, source, archive, CompressionSpec.None);

        // "client 12" -> "client 13": still valid SQL that psql would restore without a word.
        var bytes = await File.ReadAllBytesAsync(archive);
        var at = IndexOf(bytes, "\tclient 12\n"u8);
        Assert.True(at > 0);
        bytes[at + 9] = (byte)'3';
        await File.WriteAllBytesAsync(archive, bytes);

        var report = await new RestoreDrill(GuardsKit.EngineRestorer).RunAsync(
            new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, "postgres") },
            CancellationToken.None);

        Assert.False(report.Passed);
        Assert.Equal(PgSnapErrorKind.Corrupt, report.FailureKind);
        var error = Assert.Single(report.Errors);
        Assert.Contains("fails its checksum", error, StringComparison.Ordinal);
        Assert.Contains("TABLE DATA public.clients", error, StringComparison.Ordinal);
        var record = await DrillReportFile.TryReadAsync(archive, CancellationToken.None);
        Assert.NotNull(record);
        Assert.False(record.Passed);
        Assert.Equal(report.Errors, record.Errors);
        await server.DropDatabaseAsync(source);
    }

    [Fact]
    public async Task Drill_of_a_truncated_archive_fails_as_incomplete_and_replaces_an_earlier_passed_record()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_trunc");
        var folder = GuardsKit.TempFolder("pgsnap-drill-");
        var archive = Path.Combine(folder, "backup_test_20261125_210000_trunc.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);
        var drill = new RestoreDrill(GuardsKit.EngineRestorer);
        var options = new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, "postgres") };
        Assert.True((await drill.RunAsync(options, CancellationToken.None)).Passed);

        await using (var file = new FileStream(archive, FileMode.Open))
        {
            file.SetLength(file.Length - 200);
        }

        var report = await drill.RunAsync(options, CancellationToken.None);

        Assert.False(report.Passed);
        Assert.Contains("not a complete PgSnap archive", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.False((await DrillReportFile.TryReadAsync(archive, CancellationToken.None))!.Passed);
        await server.DropDatabaseAsync(source);
    }

    [Fact]
    public async Task Drill_against_a_live_source_that_has_moved_on_fails_and_names_the_table()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_against");
        var folder = GuardsKit.TempFolder("pgsnap-drill-");
        var archive = Path.Combine(folder, "backup_test_20261125_210000_against.sql.lz4");
        await GuardsKit.DumpAsync(server, source, archive);
        await server.ExecuteAsync(source, "INSERT INTO public.clients (name) VALUES ('late')");

        var report = await new RestoreDrill(GuardsKit.EngineRestorer).RunAsync(
            new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, "postgres"), Against = GuardsKit.Spec(server, source), Keep = true },
            CancellationToken.None);

        Assert.False(report.Passed);
        Assert.Contains("table public.clients has 37 rows after the restore; the live source has 38", report.Errors);
        Assert.True(report.ScratchKept);
        Assert.True(await GuardsKit.DatabaseExistsAsync(server, report.ScratchDatabase!));
        await server.DropDatabaseAsync(report.ScratchDatabase!);
        await server.DropDatabaseAsync(source);
    }

    [Fact]
    public async Task Drill_refuses_a_scratch_database_that_is_not_empty_and_writes_no_record()
    {
        var server = await TestServer.GetAsync();
        var source = await GuardsKit.CreateSourceAsync(server, "drill_busy");
        var folder = GuardsKit.TempFolder("pgsnap-drill-");
        var archive = Path.Combine(folder, "backup_test_20261125_210000_busy.sql.gz");
        await GuardsKit.DumpAsync(server, source, archive);

        var ex = await Assert.ThrowsAsync<PgSnapException>(() => new RestoreDrill(GuardsKit.EngineRestorer).RunAsync(
            new DrillOptions { ArchivePath = archive, ScratchServer = GuardsKit.Spec(server, source), UseDatabase = true },
            CancellationToken.None));

        Assert.Equal(PgSnapErrorKind.Refused, ex.Kind);
        Assert.False(File.Exists(archive + ".drill.json"));
        Assert.Equal(37L, await server.ScalarAsync<long>(source, "SELECT count(*) FROM public.clients"));
        await server.DropDatabaseAsync(source);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
