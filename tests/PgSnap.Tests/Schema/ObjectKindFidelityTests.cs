using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using Xunit;

namespace PgSnap.Tests.Schema;

/// <summary>
/// The round-trip oracle (<see cref="SchemaRoundTrip"/>) over the Fidelity/*.sql files of the object kinds that
/// came after the first fidelity suite: base and shell types, typed tables, languages, transforms, access
/// methods, view cycles, window aggregates, grants by non-owners, and the classes of loss found in databases written
/// by others (upstream_gaps). Each file fails without its reader.
/// </summary>
public sealed class ObjectKindFidelityTests
{
    [Theory]
    [InlineData("base_types")]
    [InlineData("typed_tables")]
    [InlineData("languages_and_access_methods")]
    [InlineData("view_cycles")]
    [InlineData("tablespaces")]
    [InlineData("grants_by_non_owners")]
    [InlineData("window_functions")]
    [InlineData("upstream_gaps")]
    public async Task Object_kind_file_round_trips_to_an_identical_pg_dump(string area)
    {
        // The file as the default server's major loads it ('-- requires:' / '-- before:' lines applied).
        var server = await TestServer.GetAsync();
        var sql = FidelityFile.Read(area, server.Major).Sql;
        var result = await SchemaRoundTrip.RunAsync(sql, prefix: "kind_" + area[..Math.Min(8, area.Length)]);
        SchemaRoundTrip.AssertSame(result);
    }
}
