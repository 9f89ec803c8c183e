using PgSnap.Data;
using PgSnap.Dump;
using PgSnap.Restore;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.RoundTrip;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>
/// <c>reg_types_and_session_settings.sql</c> (reg* values naming objects in public and elsewhere, dates, intervals and
/// floats, in a database whose own defaults are hostile) through every way the dump reads rows: one and two workers,
/// the lean wire client and Npgsql, COPY and the INSERT modes; and its full archive restored by <c>psql -f</c>, which
/// only works when the archive's own SET lines give psql the session the values were written for. The fidelity
/// matrix runs the file in full, schema-only and data-only modes with the default reader.
/// </summary>
public sealed class SessionSettingsRoundTripTests(ITestOutputHelper output)
{
    private const string File = "reg_types_and_session_settings";

    public static TheoryData<string> Readers => ["j1-wire", "j1-npgsql", "j2-wire", "j2-npgsql", "inserts", "column-inserts", "rows-per-insert"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Session_dependent_values_round_trip_through_every_data_reader(string reader)
    {
        var source = await FidelitySource.GetAsync(TestServers.Majors[0], File);
        var options = reader switch
        {
            "j2-wire" or "j2-npgsql" => new DumpOptions { Jobs = 2 },
            "inserts" => new DumpOptions { Inserts = true },
            "column-inserts" => new DumpOptions { ColumnInserts = true },
            "rows-per-insert" => new DumpOptions { RowsPerInsert = 3, Jobs = 2 },
            _ => new DumpOptions(),
        };
        Func<Connection.ConnectionSpec, Npgsql.NpgsqlDataSource, ICopyOutSessionFactory>? sessions = reader.EndsWith("-npgsql", StringComparison.Ordinal)
            ? static (spec, dataSource) => new NpgsqlCopyOutSessionFactory(dataSource, spec)
            : null;
        var archive = await MatrixRoundTrip.DumpAsync(source, options, reader, sessions);
        var target = await source.Server.CreateDatabaseAsync("fid_reader");
        await MatrixRoundTrip.RestoreAsync(source, target, archive, new RestoreOptions());
        await AssertSameAsync(source, target, archive, reader);
    }

    [Fact]
    public async Task A_full_archive_of_session_dependent_values_restores_with_psql()
    {
        var source = await FidelitySource.GetAsync(TestServers.Majors[0], File);
        var archive = await MatrixRoundTrip.DumpAsync(source, new DumpOptions { Jobs = 2 }, "psql");
        var target = await source.Server.CreateDatabaseAsync("fid_psql");
        var work = Directory.CreateTempSubdirectory("pgsnap-psql-").FullName;
        try
        {
            // psql -X -v ON_ERROR_STOP=1 -f: the user's way out without pgsnap; it stops at the first error.
            await RoundTripOracle.LoadSqlAsync(source.Server, target, await System.IO.File.ReadAllTextAsync(archive), work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        await AssertSameAsync(source, target, archive, "psql -f");
    }

    private async Task AssertSameAsync(FidelitySource source, string target, string archive, string how)
    {
        var failures = await MatrixRoundTrip.CompareAsync(source, target, FidelityMode.Full);
        if (failures.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"{File}.sql through {how}: the round trip lost fidelity (archive kept at {archive})\n\n" + string.Join("\n\n", failures));
        }

        output.WriteLine($"{how}: same catalog and data");
        await source.Server.DropDatabaseAsync(target);
    }
}
