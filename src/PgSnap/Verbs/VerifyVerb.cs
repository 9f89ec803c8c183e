using PgSnap.Archive.Reading;
using PgSnap.Verify;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap verify</c> as one call (docs/ARCHITECTURE.md, "verify"): one streaming pass over the archive and the
/// checks of its format (no server), then, with <see cref="VerifyRequest.Against"/>, the comparison with the live
/// database. A failed check is in the report (its <see cref="VerifyReport.ErrorKind"/> is the exit code), not thrown.
/// </summary>
public static class VerifyVerb
{
    public static async Task<VerifyReport> RunAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        VerifyReport report;
        if (request.Quick)
        {
            report = await QuickArchiveCheck.CheckAsync(request.Input, request.Options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            report = await FullAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return request.Against is { } against
            ? await LiveComparer.CompareAsync(report, against, cancellationToken, request.Input == "-" ? null : request.Input).ConfigureAwait(false)
            : report;
    }

    private static async Task<VerifyReport> FullAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        await using (var input = await ArchiveInput.OpenAsync(request.Input, request.Stdin, cancellationToken).ConfigureAwait(false))
        {
            return await ArchiveVerifier.VerifyAsync(input, request.Options, cancellationToken).ConfigureAwait(false);
        }
    }
}
