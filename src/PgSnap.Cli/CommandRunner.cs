using PgSnap.Connection;

namespace PgSnap.Cli;

/// <summary>
/// Runs one command's body and turns whatever it throws into one line on stderr and an exit code.
/// Ctrl-C cancels the token; the engine cleans up (no complete-looking partial file) and we exit 130.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool verbose, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (PgSnapException ex)
        {
            return Report(ExitCodes.From(ex.Kind), ex.Message, verbose ? ex : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Report(ExitCodes.Cancelled, "cancelled", null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Report(ExitCodes.Failure, $"unexpected error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}", verbose ? ex : null);
        }
    }

    private static int Report(int exitCode, string message, Exception? detail)
    {
        // Everything printed goes through the redactor: a message may quote a connection string.
        Console.Error.WriteLine("pgsnap: error: " + SecretRedactor.Redact(message));
        ErrorJson.WriteIfRequested(exitCode, SecretRedactor.Redact(message));
        if (detail is not null)
        {
            Console.Error.WriteLine(SecretRedactor.Redact(detail.ToString()));
        }

        return exitCode;
    }
}
