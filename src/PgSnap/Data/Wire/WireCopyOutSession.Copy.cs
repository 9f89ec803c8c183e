using System.IO.Pipelines;

namespace PgSnap.Data.Wire;

/// <summary>
/// The COPY OUT pump: one big socket read, then a synchronous walk over every message it holds, copying
/// CopyData payloads into the pipe; a payload cut by the end of the buffer is copied in pieces, so a row of
/// any size streams through the fixed read buffer.
/// </summary>
public sealed partial class WireCopyOutSession
{
    /// <summary>Flush the pipe once this many bytes are written (and always before the end).</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary>Smallest span asked of the pipe, so rows are packed into its segments rather than one GetSpan each.</summary>
    private const int MinimumSpan = 4096;

    /// <inheritdoc />
    public async Task<long> CopyOutAsync(string copySql, PipeWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copySql);
        ArgumentNullException.ThrowIfNull(destination);
        BeginOperation();
        using var registration = cancellationToken.UnsafeRegister(static s => ((WireCopyOutSession)s!).Abort(), this);
        try
        {
            await SendAsync(FrontendMessages.Query(copySql), cancellationToken).ConfigureAwait(false);
            var error = await AwaitCopyOutResponseAsync(copySql, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw StatementFailure(copySql, error);
            }

            var progress = new CopyProgress();
            while (!WalkBuffer(destination, ref progress))
            {
                if (progress.Unflushed >= FlushThreshold)
                {
                    progress.Unflushed = 0;
                    var flush = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (flush.IsCompleted || flush.IsCanceled)
                    {
                        throw await ReaderGoneAsync(copySql).ConfigureAwait(false);
                    }
                }

                await _reader.FillAsync(progress.Needed, cancellationToken).ConfigureAwait(false);
            }

            _state = SessionState.Ready;
            if (progress.Unflushed > 0)
            {
                var flush = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCanceled)
                {
                    throw new OperationCanceledException("the COPY output's flush was cancelled");
                }
            }

            if (progress.Error is not null)
            {
                throw StatementFailure(copySql, progress.Error);
            }

            return progress.Total;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw await TransportFailureAsync(ex, copySql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads up to CopyOutResponse. Returns the server's error instead when the statement failed before
    /// copying (the session is then idle again); refuses statements that are not a text COPY TO STDOUT.
    /// </summary>
    private async Task<ServerError?> AwaitCopyOutResponseAsync(string copySql, CancellationToken cancellationToken)
    {
        ServerError? error = null;
        while (true)
        {
            var message = await _reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            switch (message.Code)
            {
                case BackendCodes.CopyOutResponse:
                    // Overall format: 0 text, 1 binary. A binary stream would still be streaming towards us, and
                    // the only way to stop it without reading it all is to drop the connection.
                    if (message.Payload.Span[0] != 0)
                    {
                        throw BreakWith(copySql, "binary COPY is not supported: use the text format");
                    }

                    return null;
                case BackendCodes.ErrorResponse:
                    error ??= ServerError.Parse(message.Payload.Span);
                    break;
                case BackendCodes.ReadyForQuery:
                    _state = SessionState.Ready;
                    return error ?? throw new PgSnapException(PgSnapErrorKind.Failure, $"{FirstLine(copySql)}: not a COPY … TO STDOUT statement");
                case BackendCodes.CopyInResponse:
                    await SendAsync(FrontendMessages.CopyFail("pgsnap: COPY FROM STDIN is not supported on this session"), cancellationToken).ConfigureAwait(false);
                    break;
                case BackendCodes.CopyBothResponse:
                    throw BreakWith(copySql, "replication COPY is not supported");
                default:
                    HandleAsynchronous(message.Code, message.Payload.Span);
                    break;
            }
        }
    }

    /// <summary>
    /// Walks every whole message (and the available part of a CopyData payload) in the read buffer without
    /// awaiting. Returns true at ReadyForQuery; otherwise sets <see cref="CopyProgress.Needed"/> to how many
    /// unread bytes the next step needs and returns false. No allocation except on errors and notices.
    /// </summary>
    private bool WalkBuffer(PipeWriter destination, ref CopyProgress progress)
    {
        var buffer = _reader.Buffer;
        var position = _reader.Start;
        var end = _reader.End;
        var span = Span<byte>.Empty;
        var used = 0;
        var finished = false;
        while (true)
        {
            if (progress.PendingPayload > 0)
            {
                var available = (int)Math.Min(progress.PendingPayload, end - position);
                if (available == 0)
                {
                    progress.Needed = 1;
                    break;
                }

                var source = new ReadOnlySpan<byte>(buffer, position, available);
                while (!source.IsEmpty)
                {
                    if (used == span.Length)
                    {
                        if (used > 0)
                        {
                            destination.Advance(used);
                        }

                        span = destination.GetSpan(Math.Max(MinimumSpan, Math.Min(source.Length, FlushThreshold)));
                        used = 0;
                    }

                    var count = Math.Min(source.Length, span.Length - used);
                    source[..count].CopyTo(span[used..]);
                    used += count;
                    source = source[count..];
                }

                position += available;
                progress.PendingPayload -= available;
                progress.Total += available;
                progress.Unflushed += available;
                continue;
            }

            if (end - position < 5)
            {
                progress.Needed = 5;
                break;
            }

            var code = buffer[position];
            var length = BackendReader.ReadLength(buffer, position);
            if (code == BackendCodes.CopyData)
            {
                position += 5;
                progress.PendingPayload = length - 4;
                continue;
            }

            if (end - position < 1 + length)
            {
                progress.Needed = 1 + length;
                break;
            }

            var payload = new ReadOnlySpan<byte>(buffer, position + 5, length - 4);
            position += 1 + length;
            if (code == BackendCodes.ReadyForQuery)
            {
                finished = true;
                break;
            }

            switch (code)
            {
                case BackendCodes.CopyDone:
                case BackendCodes.CommandComplete:
                    break;
                case BackendCodes.ErrorResponse:
                    // The server follows an error with ReadyForQuery; keep walking to it so the session stays usable.
                    progress.Error ??= ServerError.Parse(payload);
                    break;
                default:
                    HandleAsynchronous(code, payload);
                    break;
            }
        }

        if (used > 0)
        {
            destination.Advance(used);
        }

        _reader.ConsumeTo(position);
        return finished;
    }

    private async Task<Exception> ReaderGoneAsync(string copySql)
    {
        // The server is still streaming; dropping the connection (and cancelling the backend) is the only
        // way to stop it without reading everything.
        _state = SessionState.Broken;
        _transport.Abort();
        await SendCancelRequestAsync().ConfigureAwait(false);
        return new PgSnapException(PgSnapErrorKind.Failure, $"{FirstLine(copySql)}: the reader of the COPY output stopped before the end");
    }

    /// <summary>Where the pump stands between socket reads.</summary>
    private struct CopyProgress
    {
        /// <summary>Payload bytes of the current CopyData message not yet received.</summary>
        public long PendingPayload;

        /// <summary>Payload bytes written to the pipe so far.</summary>
        public long Total;

        /// <summary>Bytes written to the pipe since its last flush.</summary>
        public long Unflushed;

        /// <summary>How many unread bytes the walk needs before it can go on.</summary>
        public int Needed;

        /// <summary>The first ErrorResponse seen; reported once ReadyForQuery has arrived.</summary>
        public ServerError? Error;
    }
}
