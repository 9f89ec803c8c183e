using System.Text.Json;
using System.Text.Json.Serialization;

namespace PgSnap.Cli;

/// <summary>
/// What a verb run with <c>--json</c> prints on stdout when it fails, so a script reading stdout gets one JSON
/// object whatever happened (the one-line error still goes to stderr).
/// </summary>
internal sealed record ErrorJson
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "error";

    /// <summary>The process's exit code (README, "Exit codes").</summary>
    [JsonPropertyName("exit_code")]
    public int ExitCode { get; init; }

    /// <summary>The error line, passwords redacted.</summary>
    [JsonPropertyName("error")]
    public string Error { get; init; } = "";

    /// <summary>Whether the command line asked for JSON: it holds <c>--json</c> (set once, before the verb runs).</summary>
    public static bool Requested { get; set; }

    /// <summary>Prints the error object on stdout when <see cref="Requested"/>.</summary>
    public static void WriteIfRequested(int exitCode, string message)
    {
        if (Requested)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new ErrorJson { ExitCode = exitCode, Error = message }, ErrorJsonContext.Default.ErrorJson));
        }
    }
}

[JsonSerializable(typeof(ErrorJson))]
internal sealed partial class ErrorJsonContext : JsonSerializerContext;
