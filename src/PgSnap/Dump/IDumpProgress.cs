namespace PgSnap.Dump;

/// <summary>
/// What a dump reports while it runs. Called from the writer's and the workers' threads, so implementations
/// must be thread-safe and quick; the CLI renders them (the engine never writes to the console).
/// </summary>
public interface IDumpProgress
{
    /// <summary>The plan is known: how many tables and about how many bytes of heap will be copied.</summary>
    void Started(int tablesTotal, long estimatedBytes, int jobs);

    /// <summary>A block reached the output.</summary>
    void BlockWritten(long rows, long rawBytes, long fileBytes);

    /// <summary>All slices of one table are in the output.</summary>
    void TableFinished(string schema, string name, long rows);

    /// <summary>For a dump into object storage: <paramref name="totalBytes"/> of the archive are uploaded so far.</summary>
    void Uploaded(long totalBytes)
    {
    }
}
