using Xunit;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// Every nasty value survives a round trip: each case alone through the default path (gzip file, pgsnap restore),
/// and all cases together through every other output and restore route, including plain psql.
/// </summary>
public sealed class NastyValuesTests
{
    public static TheoryData<string> Cases => NastyValues.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Value_case_survives_a_gzip_dump_and_pgsnap_restore(string name)
    {
        await RoundTripOracle.RunAsync(new RoundTripCase(name, NastyValues.Cases[name]));
    }

    public static TheoryData<DumpTarget, RestoreRoute> Routes => new()
    {
        { DumpTarget.GzipFile, RestoreRoute.Pgsnap },
        { DumpTarget.PlainFile, RestoreRoute.Pgsnap },
        { DumpTarget.Lz4File, RestoreRoute.Pgsnap },
        { DumpTarget.ZstdFile, RestoreRoute.Pgsnap },
        { DumpTarget.Stdout, RestoreRoute.PgsnapStdin },
        { DumpTarget.PlainFile, RestoreRoute.Psql },
        { DumpTarget.GzipFile, RestoreRoute.Psql },
        { DumpTarget.Lz4File, RestoreRoute.Psql },
        { DumpTarget.ZstdFile, RestoreRoute.Psql },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task All_nasty_values_survive_every_output_and_restore_route(DumpTarget target, RestoreRoute route)
    {
        await RoundTripOracle.RunAsync(new RoundTripCase("all nasty values", NastyValues.All) { Target = target, Route = route });
    }
}
