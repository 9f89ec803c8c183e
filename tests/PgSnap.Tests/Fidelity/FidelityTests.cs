using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using PgSnap.Tests.Schema;
using Xunit;

namespace PgSnap.Tests.Fidelity;

/// <summary>
/// One SQL file per area of the catalog: each is loaded into a fresh database, planned, replayed into another
/// fresh database, and both must give the same <c>pg_dump --schema-only</c>.
/// </summary>
public sealed class FidelityTests
{
    [Theory]
    [InlineData("tables_and_constraints")]
    [InlineData("types")]
    [InlineData("functions")]
    [InlineData("views_and_rules")]
    [InlineData("partitions")]
    [InlineData("triggers_and_rls")]
    [InlineData("privileges_and_comments")]
    [InlineData("operators_and_text_search")]
    [InlineData("fdw_and_publications")]
    [InlineData("hostile_names")]
    [InlineData("saas_runbook")]
    public async Task Schema_file_round_trips_to_an_identical_pg_dump(string area)
    {
        // The file as the default server's major loads it (its -- requires / -- before lines applied).
        var sql = FidelityFile.Read(area, (await TestServer.GetAsync()).Major).Sql;
        var result = await SchemaRoundTrip.RunAsync(sql, prefix: "fid_" + area[..Math.Min(8, area.Length)]);
        SchemaRoundTrip.AssertSame(result);
    }
}
