using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>
/// The fidelity matrix (issue 8): every <c>Fidelity/*.sql</c> file on every major of <c>PGSNAP_TEST_SERVERS</c> and
/// <c>PGSNAP_FIDELITY_SERVERS</c> (the default server alone when neither is set), in each of the three modes. One
/// class per mode so the modes run concurrently; the source database of a file is loaded once per major.
/// </summary>
internal static class FidelityMatrix
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var major in TestServers.FidelityMajors)
            {
                foreach (var file in FidelityFile.Names())
                {
                    data.Add(major, file);
                }
            }

            return data;
        }
    }
}

/// <summary>Full dumps of every fidelity file on every matrix major.</summary>
public sealed class FullFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_full_dump_on_each_major(int major, string file) =>
        MatrixRoundTrip.RunAsync(major, file, FidelityMode.Full, output);
}

/// <summary>Schema-only dumps of every fidelity file on every matrix major.</summary>
public sealed class SchemaOnlyFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_schema_only_dump_on_each_major(int major, string file) =>
        MatrixRoundTrip.RunAsync(major, file, FidelityMode.SchemaOnly, output);
}

/// <summary>Data-only dumps (restored over the schema-only restore) of every fidelity file on every matrix major.</summary>
public sealed class DataOnlyFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<int, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_data_only_dump_on_each_major(int major, string file) =>
        MatrixRoundTrip.RunAsync(major, file, FidelityMode.DataOnly, output);
}
