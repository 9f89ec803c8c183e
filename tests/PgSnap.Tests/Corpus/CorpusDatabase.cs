using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Corpus;

/// <summary>
/// A database of the outside fidelity corpus (see Corpus/UPSTREAM.md): SQL nobody on the team wrote, loaded once per
/// major into one database and then dumped and restored by the fidelity matrix in its three modes
/// (<see cref="Majors.MatrixRoundTrip"/>).
/// </summary>
internal abstract class CorpusDatabase
{
    /// <summary>Short name, used in database names and test cases.</summary>
    public abstract string Name { get; }

    /// <summary>The folder the corpus files are copied to next to the test assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>
    /// Loads the corpus into the empty <paramref name="database"/> and returns what could not be loaded on this
    /// server, one line each ("could not run on PostgreSQL N: …"), for the test output.
    /// </summary>
    public abstract Task<IReadOnlyList<string>> LoadAsync(TestServer server, string database, string workDirectory);
}
