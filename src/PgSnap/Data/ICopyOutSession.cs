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
}
