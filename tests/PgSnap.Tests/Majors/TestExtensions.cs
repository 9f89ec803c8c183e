using System.Collections.Concurrent;
using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Majors;

/// <summary>
/// The fidelity files' own extensions (<c>Fidelity/extensions</c>: control and script files), for what no contrib
/// module of every major has, such as an extension configuration table. They are copied into the server's
/// extension folder (its SHAREDIR, as the server reports it) once per server before a file is loaded, so
/// <c>CREATE EXTENSION</c> finds them; this needs a server whose files the tests can write (the local clusters).
/// </summary>
internal static class TestExtensions
{
    private static readonly ConcurrentDictionary<TestServer, Lazy<Task>> s_installed = new();

    public static Task InstallAsync(TestServer server) =>
        s_installed.GetOrAdd(server, s => new Lazy<Task>(() => CopyAsync(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static async Task CopyAsync(TestServer server)
    {
        var share = await server.ScalarAsync<string>("postgres", "SELECT setting FROM pg_catalog.pg_config WHERE name = 'SHAREDIR'")
            ?? throw new InvalidOperationException($"PostgreSQL {server.Major} did not report its SHAREDIR");
        var target = Path.Combine(share, "extension");
        if (!Directory.Exists(target))
        {
            throw new InvalidOperationException(
                $"the fidelity files' test extensions must be copied into {target}, which this machine does not have (is PostgreSQL {server.Major} remote?)");
        }

        foreach (var file in Directory.GetFiles(Path.Combine(FidelityFile.Folder, "extensions")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
