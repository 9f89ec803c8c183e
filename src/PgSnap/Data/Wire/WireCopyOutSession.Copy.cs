using System.IO.Pipelines;

namespace PgSnap.Data.Wire;

/// <summary>
/// The COPY OUT pump: one big socket read, then a synchronous walk over every message it holds, copying
/// CopyData payloads into the pipe; a payload cut by the end of the buffer is copied in pieces, so a row of
/// any size streams through the fixed read buffer. The pump runs on a thread of its own with blocking, batched
/// reads (<see cref="SocketStream"/>), as libpq does: the asynchronous socket path cost a thread-pool hop per
/// wait, which was most of the dump's CPU.
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
        var sentAhead = TakeSentAhead(copySql);
        BeginOperation();
        using var registration = cancellationToken.UnsafeRegister(static s => ((WireCopyOutSession)s!).Abort(), this);
        try
        {
            if (!sentAhead)
            {
                await SendAsync(FrontendMessages.Query(copySql), cancellationToken).ConfigureAwait(false);
            }

            var error = await AwaitCopyOutResponseAsync(copySql, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw CopyFailure(copySql, error);
            }

            // A statement sent ahead is one of many small tables' (ICopyOutSession.SendAheadAsync): its rows are
            // few and mostly in the buffer already, so the pump runs right here, and without batched reads, whose
            // short wait for a full batch would be paid by every table whose answer is still on its way.
            var progress = sentAhead ? Pump(destination, batchReads: false) : await PumpOnOwnThreadAsync(destination).ConfigureAwait(false);
            _state = SessionState.Ready;
            if (progress.ReaderGone)
            {
                throw await ReaderGoneAsync(copySql).ConfigureAwait(false);
            }

            if (progress.Error is not null)
            {
                throw CopyFailure(copySql, progress.Error);
            }

            return progress.Total;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw await TransportFailureAsync(ex, copySql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The statements go out in one write. Each is a Query message of its own, so each still ends with its own
    /// ReadyForQuery and <see cref="CopyOutAsync"/> reads the answers one statement at a time, as if it had just sent
    /// it. The caller keeps the window small (a few KiB of statements): they must fit in the socket buffers, since
    /// nothing reads the server's output while they are being written.
    /// </remarks>
    public async ValueTask<bool> SendAheadAsync(IReadOnlyList<string> copySqls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copySqls);
        if (copySqls.Count == 0)
        {
            return true;
        }

        BeginOperation();
        var messages = copySqls.Select(FrontendMessages.Query).ToList();
        var all = new byte[messages.Sum(m => m.Length)];
        var at = 0;
        foreach (var message in messages)
        {
            message.CopyTo(all, at);
            at += message.Length;
        }

        try
        {
            await SendAsync(all, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw await TransportFailureAsync(ex, copySqls[0], cancellationToken).ConfigureAwait(false);
        }

        foreach (var sql in copySqls)
        {
            _sentAhead.Enqueue(sql);
        }

        _state = SessionState.Ready;
        return true;
    }

    /// <summary>
    /// A COPY the server refused. Answers to statements sent after it are still on their way, so the session cannot
    /// be used for anything else any more (its transaction is aborted anyway).
    /// </summary>
    private PgSnapException CopyFailure(string copySql, ServerError error)
    {
        if (_sentAhead.Count > 0)
        {
            _sentAhead.Clear();
            _state = SessionState.Broken;
            _transport.Abort();
        }

        return StatementFailure(copySql, error);
    }

    /// <summary>
    /// True when <paramref name="copySql"/> is the next statement sent ahead (its answer is the next one the server
    /// gives); a statement out of that order would read another statement's answer, so it is refused.
    /// </summary>
    private bool TakeSentAhead(string copySql)
    {
        if (_sentAhead.Count == 0)
        {
            return false;
        }

        if (!string.Equals(_sentAhead.Peek(), copySql, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("statements sent ahead must be copied in the order they were sent");
        }

        _sentAhead.Dequeue();
        return true;
    }

    /// <summary>
    /// Runs the pump to ReadyForQuery on a dedicated thread (it blocks in reads and in the destination's flushes)
    /// and completes when it has. Failures come out as the exceptions the pump threw.
    /// </summary>
    private Task<CopyProgress> PumpOnOwnThreadAsync(PipeWriter destination) =>
        Task.Factory.StartNew(
            static state =>
            {
                var (session, destination) = ((WireCopyOutSession, PipeWriter))state!;
                return session.Pump(destination, batchReads: true);
            },
            (this, destination),
            CancellationToken.None,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);

    private CopyProgress Pump(PipeWriter destination, bool batchReads)
    {
        var raw = _transport.Raw;
        raw.BatchReads = batchReads;
        try
        {
            var progress = new CopyProgress();
            while (!WalkBuffer(destination, ref progress))
            {
                if (progress.ReaderGone)
                {
                    return progress;
                }

                _reader.Fill(progress.Needed);
            }

            if (progress.Unflushed > 0)
            {
                // The COPY is complete and the session idle: a reader that stops now has its own failure to report.
                Flush(destination);
            }

            return progress;
        }
        finally
        {
            raw.BatchReads = false;
        }
    }

    /// <summary>Flushes the destination, waiting (this is the pump's own thread) while it is full. False when its reader has gone.</summary>
    private static bool Flush(PipeWriter destination)
    {
        var pending = destination.FlushAsync(CancellationToken.None);
        var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        return !result.IsCompleted && !result.IsCanceled;
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
    /// Walks every whole message (and the available part of a CopyData payload) in the read buffer, flushing the
    /// destination every <see cref="FlushThreshold"/> bytes. Returns true at ReadyForQuery; otherwise sets
    /// <see cref="CopyProgress.Needed"/> to how many unread bytes the next step needs and returns false (also when
    /// the destination's reader has gone: <see cref="CopyProgress.ReaderGone"/>). No allocation except on errors
    /// and notices.
    /// </summary>
    /// <remarks>
    /// long-method: the inner loop of a dump's COPY OUT, run once per byte range of every socket read. Its locals
    /// (buffer, position, end, the pending CopyData payload) stay in registers across message kinds; splitting the
    /// kinds into methods would pass them by ref on every message, on the path the wire client exists to make cheap.
    /// </remarks>
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

                // Never more than the flush threshold between two flushes: a data block's array has exactly that
                // much room beyond its cutting size, so it never has to grow for ordinary rows.
                available = (int)Math.Min(available, FlushThreshold - progress.Unflushed);
                var source = new ReadOnlySpan<byte>(buffer, position, available);
                while (!source.IsEmpty)
                {
                    if (used == span.Length)
                    {
                        if (used > 0)
                        {
                            destination.Advance(used);
                        }

                        span = destination.GetSpan((int)Math.Min(MinimumSpan, FlushThreshold - progress.Unflushed - (available - source.Length)));
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
                if (progress.Unflushed >= FlushThreshold)
                {
                    // Flush as we go, so that the destination sees bounded amounts (a data block's slack) between flushes.
                    destination.Advance(used);
                    span = Span<byte>.Empty;
                    used = 0;
                    progress.Unflushed = 0;
                    if (!Flush(destination))
                    {
                        progress.ReaderGone = true;
                        _reader.ConsumeTo(position);
                        return false;
                    }
                }

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

        /// <summary>The destination's reader completed before the end: the COPY must be abandoned.</summary>
        public bool ReaderGone;
    }
}
