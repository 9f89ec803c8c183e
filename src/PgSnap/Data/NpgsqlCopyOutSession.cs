using System.IO.Pipelines;
using Npgsql;

namespace PgSnap.Data;

/// <summary>
/// <see cref="ICopyOutSession"/> over Npgsql. <c>BeginRawBinaryCopy</c> refuses text COPY, and the text export's
/// StreamReader would decode every byte to UTF-16; so this reads the text reader's <see cref="StreamReader.BaseStream"/>
/// (Npgsql's raw copy stream) and never touches the StreamReader itself: the bytes are the server's, unchanged
/// (proven by the byte-exactness test). Each read returns at most one CopyData message (one row), which is the
/// CPU cost the lean wire client avoids (docs/ARCHITECTURE.md, "The data path").
/// </summary>
public sealed class NpgsqlCopyOutSession : ICopyOutSession
{
    /// <summary>Smallest free space asked of the pipe for one read.</summary>
    private const int MinimumRead = 2048;

    /// <summary>Bytes between two flushes of the pipe.</summary>
    private const int FlushBatch = 64 * 1024;

    private readonly NpgsqlConnection _connection;
    private readonly bool _ownsConnection;

    /// <param name="connection">An open connection.</param>
    /// <param name="ownsConnection">Dispose the connection with the session (false for the leader's connection).</param>
    public NpgsqlCopyOutSession(NpgsqlConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CopyOutAsync(string copySql, PipeWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var reader = await _connection.BeginTextExportAsync(copySql, cancellationToken).ConfigureAwait(false);
        if (reader is not StreamReader streamReader)
        {
            throw new InvalidOperationException("Npgsql's text export is no longer a StreamReader: the raw byte path is gone");
        }

        var raw = streamReader.BaseStream;
        long total = 0;
        var unflushed = 0;
        while (true)
        {
            // Npgsql returns one CopyData message (one row) per read: ask for a small minimum so rows pack into
            // the pipe's current segment, and flush in batches, not per row (a flush wakes the reader each time).
            var memory = destination.GetMemory(MinimumRead);
            var read = await raw.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            destination.Advance(read);
            total += read;
            unflushed += read;
            if (unflushed >= FlushBatch)
            {
                unflushed = 0;
                var flush = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    throw new OperationCanceledException("the block builder stopped reading");
                }
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
