using System.CommandLine;
using System.Globalization;
using PgSnap.Connection;

namespace PgSnap.Cli;

/// <summary>
/// The connection options every command that talks to a server shares: pg_dump's and pg_restore's own flags
/// (<c>-d/-h/-p/-U/-w/-W</c>), so that a script written for them runs with pgsnap swapped in.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Url { get; } = new("--url", "-d", "--dbname")
    {
        Description = "Database name, postgresql:// URL or libpq key=value string. PG* variables and ~/.pgpass fill what it lacks.",
        HelpName = "DBNAME|URL",
    };

    public Option<string?> Host { get; } = new("--host", "-h")
    {
        Description = "Server host name or Unix socket directory (PGHOST). A host inside a URL given to -d wins, as in libpq.",
        HelpName = "HOST",
    };

    public Option<string?> Port { get; } = new("--port", "-p")
    {
        Description = "Server port (PGPORT, default 5432).",
        HelpName = "PORT",
    };

    public Option<string?> Username { get; } = new("--username", "-U")
    {
        Description = "Role to connect as (PGUSER, default: the operating system user).",
        HelpName = "NAME",
    };

    public Option<bool> NoPassword { get; } = new("--no-password", "-w")
    {
        Description = "Never prompt for a password (pgsnap never does unless -W is given).",
    };

    public Option<bool> PromptPassword { get; } = new("--password", "-W")
    {
        Description = "Prompt for the password on the terminal before connecting.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(Username);
        command.Options.Add(NoPassword);
        command.Options.Add(PromptPassword);
    }

    /// <summary>Resolves the connection, with <paramref name="database"/> (a positional name) used when -d is absent.</summary>
    public ConnectionSpec Resolve(ParseResult result, string? database = null)
    {
        var url = result.GetValue(Url);
        if (!string.IsNullOrWhiteSpace(url) && !string.IsNullOrWhiteSpace(database))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "give the database either as -d/--dbname or as the last argument, not both");
        }

        if (result.GetValue(NoPassword) && result.GetValue(PromptPassword))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-w/--no-password and -W/--password contradict each other");
        }

        var flags = new ConnectionSpec
        {
            Host = NullIfEmpty(result.GetValue(Host)),
            Port = ParsePort(result.GetValue(Port)),
            User = NullIfEmpty(result.GetValue(Username)),
            Password = result.GetValue(PromptPassword) ? PasswordPrompt.Read() : null,
        };
        return ConnectionResolver.Resolve(
            string.IsNullOrWhiteSpace(url) ? database : url,
            flags: flags,
            warn: static w => Console.Error.WriteLine("pgsnap: warning: " + w));
    }

    private static int? ParsePort(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new PgSnapException(PgSnapErrorKind.Usage, $"invalid port \"{text}\": a number from 1 to 65535");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
