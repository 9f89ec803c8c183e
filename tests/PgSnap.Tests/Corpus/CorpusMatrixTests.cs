using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// The outside fidelity corpus in the fidelity matrix: each corpus database is loaded once per major and dumped and
/// restored in full, schema-only and data-only modes, compared as the fidelity files are (catalog fingerprint,
/// pg_dump --schema-only, data fingerprint). A failure lists every difference of that database.
/// <para>
/// Where each runs, and why (CI: PGSNAP_TEST_SERVERS=15,17 plus PGSNAP_FIDELITY_SERVERS=13,14,16,18, 2 cores):
/// pg_dump_tap and contrib_extensions on every matrix major (each loads in about a second); packaged_extensions on
/// the installed Debian major (15) only, where the extension packages are; regression on the oldest and newest
/// matrix majors and the Debian one (13, 15, 18 in CI): its load takes 11-16 s per major alone on 2 cores and its
/// dump, restore and compare 10-15 s per mode (see the corpus report in the lead's notes), so all six majors would
/// add about three minutes to a CI run that must stay under fifteen.
/// </para>
/// </summary>
internal static class CorpusMatrix
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            var majors = TestServers.FidelityMajors;
            var installed = majors.Contains(15) ? 15 : 0;
            foreach (var major in majors)
            {
                data.Add(major, "pg_dump_tap");
                data.Add(major, "contrib_extensions");
                if (major == majors.Min() || major == majors.Max() || major == installed)
                {
                    data.Add(major, "regression");
                }

                if (major == installed)
                {
                    data.Add(major, "packaged_extensions");
                }
            }

            return data;
        }
    }

    public static CorpusDatabase ByName(string name) => name switch
    {
        "regression" => new RegressionCorpus(),
        "pg_dump_tap" => new PgDumpTapCorpus(),
        "contrib_extensions" => ExtensionCorpus.Contrib,
        "packaged_extensions" => ExtensionCorpus.Packaged,
        _ => throw new ArgumentException("no such corpus database: " + name, nameof(name)),
    };
}

/// <summary>Full dumps of every corpus database.</summary>
public sealed class FullCorpusMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => CorpusMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Corpus_database_round_trips_in_a_full_dump(int major, string corpus) =>
        MatrixRoundTrip.RunAsync(FidelitySource.GetAsync(major, CorpusMatrix.ByName(corpus)), FidelityMode.Full, output);
}

/// <summary>Schema-only dumps of every corpus database.</summary>
public sealed class SchemaOnlyCorpusMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => CorpusMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Corpus_database_round_trips_in_a_schema_only_dump(int major, string corpus) =>
        MatrixRoundTrip.RunAsync(FidelitySource.GetAsync(major, CorpusMatrix.ByName(corpus)), FidelityMode.SchemaOnly, output);
}

/// <summary>Data-only dumps (over the schema-only restore) of every corpus database.</summary>
public sealed class DataOnlyCorpusMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => CorpusMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Corpus_database_round_trips_in_a_data_only_dump(int major, string corpus) =>
        MatrixRoundTrip.RunAsync(FidelitySource.GetAsync(major, CorpusMatrix.ByName(corpus)), FidelityMode.DataOnly, output);
}
