using PgSnap.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Majors;

/// <summary>
/// The fidelity matrix: every <c>Fidelity/*.sql</c> file on every server of <c>PGSNAP_TEST_SERVERS</c> and
/// <c>PGSNAP_FIDELITY_SERVERS</c> (the default server alone when neither is set), in each of the three modes. A server
/// is a major or a pinned release such as <c>15.18</c> (<see cref="ServerChoice"/>), passed as its token. One class
/// per mode so the modes run concurrently; the source database of a file is loaded once per server.
/// </summary>
internal static class FidelityMatrix
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var server in TestServers.FidelityServers)
            {
                foreach (var file in FidelityFile.Names())
                {
                    data.Add(server.ToString(), file);
                }
            }

            return data;
        }
    }
}

/// <summary>Full dumps of every fidelity file on every matrix major.</summary>
public sealed class FullFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_full_dump_on_each_major(string server, string file) =>
        MatrixRoundTrip.RunAsync(server, file, FidelityMode.Full, output);
}

/// <summary>Schema-only dumps of every fidelity file on every matrix major.</summary>
public sealed class SchemaOnlyFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_schema_only_dump_on_each_major(string server, string file) =>
        MatrixRoundTrip.RunAsync(server, file, FidelityMode.SchemaOnly, output);
}

/// <summary>Data-only dumps (restored over the schema-only restore) of every fidelity file on every matrix major.</summary>
public sealed class DataOnlyFidelityMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => FidelityMatrix.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fidelity_file_round_trips_in_a_data_only_dump_on_each_major(string server, string file) =>
        MatrixRoundTrip.RunAsync(server, file, FidelityMode.DataOnly, output);
}
