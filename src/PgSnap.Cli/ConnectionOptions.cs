using System.CommandLine;
using PgSnap.Connection;

namespace PgSnap.Cli;

/// <summary>The connection options every command that talks to a server shares.</summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Url { get; } = new("--url", "-d", "--dbname")
    {
        Description = "Connection: postgresql:// URL or libpq key=value string. PG* variables and ~/.pgpass fill what it lacks.",
    };

    public void AddTo(Command command) => command.Options.Add(Url);

    public ConnectionSpec Resolve(ParseResult result) =>
        ConnectionResolver.Resolve(result.GetValue(Url), warn: static w => Console.Error.WriteLine("pgsnap: warning: " + w));
}
