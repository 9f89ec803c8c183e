using System.Globalization;

namespace PgSnap.Storage.S3;

/// <summary>
/// The retry policy of every S3 call: transient failures (no connection, a reset, a silent service, 5xx, 429 and
/// 503 SlowDown, <see cref="S3TransientFailure"/>) are tried again with exponential backoff; anything else, such as
/// the permanent errors of <see cref="S3Errors"/>, passes through at once, since waiting does not fix it.
/// </summary>
internal sealed class S3Retry(S3ClientOptions options)
{
    /// <summary>
    /// Runs <paramref name="once"/> until it succeeds, fails permanently, or has used every attempt; waits
    /// <see cref="S3ClientOptions.RetryDelay"/> between attempts. Each attempt gets a token that also fires when the
    /// service stays silent for <see cref="S3ClientOptions.IdleTimeout"/> before answering.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, string bucket, string key, Func<int, CancellationToken, Task<T>> once, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                return await once(attempt, ct).ConfigureAwait(false);
            }
            catch (S3TransientFailure e)
            {
                reason = e.Message;
            }
            catch (HttpRequestException e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                reason = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = $"no answer for {options.IdleTimeout.TotalSeconds:0} s";
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new PgSnapException(PgSnapErrorKind.Connection, string.Create(CultureInfo.InvariantCulture,
                    $"S3 {operation} s3://{bucket}/{key} failed after {attempt} attempt{(attempt == 1 ? "" : "s")}: {OneLine(reason)}: check that {options.Endpoint.Authority} is up and reachable (AWS_ENDPOINT_URL), then run again"));
            }

            await Task.Delay(options.RetryDelay(attempt), options.Clock, ct).ConfigureAwait(false);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
