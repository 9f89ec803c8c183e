using System.IO.Pipelines;

namespace PgSnap.Data;

/// <summary>
/// A server session that streams <c>COPY … TO STDOUT</c> (text format) as raw bytes. Two implementations:
/// one over Npgsql's raw copy stream, and a lean wire-protocol client that parses many CopyData messages
/// per socket read (docs/ARCHITECTURE.md, "The data path": the per-row Read of Npgsql's stream is where client CPU goes).
/// </summary>
public interface ICopyOutSession : IAsyncDisposable
{
    /// <summary>Runs statements that return no rows (BEGIN, SET TRANSACTION SNAPSHOT, SET …).</summary>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a <c>COPY … TO STDOUT</c> statement and writes every byte of its output, unchanged, to
    /// <paramref name="destination"/> (flushing as it goes, so the reader applies back-pressure).
    /// Does not complete the writer. Returns the number of bytes written.
    /// </summary>
    Task<long> CopyOutAsync(string copySql, PipeWriter destination, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <c>COPY … TO STDOUT</c> statements ahead, so that the server runs each one as soon as it has finished the
    /// one before, with no round trip in between (many small tables: one round trip per call, not per table). The
    /// caller then runs exactly these statements through <see cref="CopyOutAsync"/>, in this order, before anything
    /// else; a failure of one of them leaves the session unusable. Returns false when the session cannot pipeline
    /// (then nothing was sent and each statement costs its own round trip as usual).
    /// </summary>
    ValueTask<bool> SendAheadAsync(IReadOnlyList<string> copySqls, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
