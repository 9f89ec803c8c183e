namespace PgSnap.Connection;

/// <summary>
/// libpq's walk over several hosts, shared by both clients (Npgsql and the wire client) so that they settle on the
/// same server: each candidate of <see cref="ConnectionTargets.Candidates"/> in order, the next one when connecting
/// fails or the server does not suit target_session_attrs; prefer-standby walks them twice (a standby, then any).
/// The client supplies how to open a session on one server, how to read its <see cref="ServerState"/> and how to close
/// it. When every server fails, one error names each server and why.
/// </summary>
public static class HostSelection
{
    public static async Task<TSession> SelectAsync<TSession>(
        ConnectionSpec spec,
        Func<ConnectionSpec, CancellationToken, Task<TSession>> open,
        Func<TSession, CancellationToken, Task<ServerState>> readState,
        Func<TSession, ValueTask> close,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(readState);
        ArgumentNullException.ThrowIfNull(close);
        var candidates = ConnectionTargets.Candidates(spec);
        var failures = new List<string>();
        PgSnapException? last = null;
        foreach (var attrs in ConnectionTargets.Passes(spec))
        {
            foreach (var candidate in candidates)
            {
                TSession session;
                try
                {
                    session = await open(candidate, cancellationToken).ConfigureAwait(false);
                }
                catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Connection && !cancellationToken.IsCancellationRequested)
                {
                    last = ex;
                    failures.Add(ex.Message);
                    continue;
                }

                if (!TargetSessionAttrs.NeedsServerState(attrs))
                {
                    return session;
                }

                bool accepted;
                try
                {
                    var state = await readState(session, cancellationToken).ConfigureAwait(false);
                    accepted = TargetSessionAttrs.Accepts(attrs, state.InHotStandby, state.ReadOnly);
                }
                catch
                {
                    await close(session).ConfigureAwait(false);
                    throw;
                }

                if (accepted)
                {
                    return session;
                }

                await close(session).ConfigureAwait(false);
                failures.Add($"server {candidate.Describe()} refused: {TargetSessionAttrs.Refusal(attrs)} (target_session_attrs={attrs})");
            }
        }

        // A single server that could not be reached keeps its own error (with its hint) unchanged.
        if (candidates.Count == 1 && failures.Count == 1 && last is not null)
        {
            throw last;
        }

        throw new PgSnapException(PgSnapErrorKind.Connection, SecretRedactor.Redact($"no server of {spec.Describe()} was suitable: {string.Join("; ", failures)}"), last)
        {
            SqlState = last?.SqlState,
        };
    }
}
