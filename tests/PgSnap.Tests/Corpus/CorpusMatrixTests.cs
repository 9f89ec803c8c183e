using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// The outside fidelity corpus in the fidelity matrix: each corpus database is loaded once per major and dumped and
/// restored in full, schema-only and data-only modes, compared as the fidelity files are (catalog fingerprint,
/// pg_dump --schema-only, data fingerprint). A failure lists every difference of that database, and a failed restore
/// every statement psql cannot replay from the archive. Cases still known to lose fidelity are listed, with the text of
/// their failure, in Corpus/known_open.txt (<see cref="KnownOpen"/>: they must fail exactly so, and leave the list once fixed).
/// <para>
/// Where each runs, and why (CI: PGSNAP_TEST_SERVERS=15,17 plus PGSNAP_FIDELITY_SERVERS=13,14,16,18 on 2 cores, the
/// whole run under about 15 minutes): pg_dump_tap and contrib_extensions on every matrix major (each loads in 1-2 s
/// and round-trips in 1-3 s per mode); packaged_extensions on the Debian PostgreSQL 15 only, where the extension
/// packages are (loads in about 2 s, 4-10 s per mode). regression on two majors: the Debian 15 (the only one the
/// reference pg_dump also compares) and the newest one. Measured: its 71 files load in 28-32 s per major when three
/// majors load at once on this 2-core machine at rest, 56-71 s when other jobs kept its load average near 40; a
/// dump, restore and compare takes 10-20 s per mode (at load average 35: dump 5 s, replay 3 s, pg_dump -s 0.7 s per side). On all six majors it would add 3-5 minutes of CPU to a CI run
/// that takes about 12 today; on 13 it found nothing 15 did not.
/// </para>
/// </summary>
internal static class CorpusMatrix
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            // The corpus runs on majors; a pinned release (15.18) is the fidelity files' check of an older minor.
            var majors = TestServers.FidelityServers.Where(static c => !c.IsPinned).Select(static c => c.Major).Distinct().ToList();
            var installed = majors.Contains(15) ? 15 : 0;
            foreach (var major in majors)
            {
                data.Add(major, "pg_dump_tap");
                data.Add(major, "contrib_extensions");
                if (major == majors.Max() || major == installed)
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
        KnownOpen.RunAsync(corpus, major, FidelityMode.Full, output);
}

/// <summary>Schema-only dumps of every corpus database.</summary>
public sealed class SchemaOnlyCorpusMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => CorpusMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Corpus_database_round_trips_in_a_schema_only_dump(int major, string corpus) =>
        KnownOpen.RunAsync(corpus, major, FidelityMode.SchemaOnly, output);
}

/// <summary>Data-only dumps (over the schema-only restore) of every corpus database.</summary>
public sealed class DataOnlyCorpusMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => CorpusMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Corpus_database_round_trips_in_a_data_only_dump(int major, string corpus) =>
        KnownOpen.RunAsync(corpus, major, FidelityMode.DataOnly, output);
}
