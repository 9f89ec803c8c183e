using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Guards;

/// <summary>
/// A small tmpfs mounted for one test (root only), unmounted and removed on dispose. <see cref="TryMountAsync"/>
/// returns null when the machine does not let us mount, so a test can fall back to an injected figure and say so.
/// </summary>
internal sealed class TinyFileSystem : IAsyncDisposable
{
    private TinyFileSystem(string path) => Path = path;

    public string Path { get; }

    public static async Task<TinyFileSystem?> TryMountAsync(string options)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pgsnap-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var result = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], new Dictionary<string, string?>());
        if (result.ExitCode != 0)
        {
            Directory.Delete(dir);
            return null;
        }

        return new TinyFileSystem(dir);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", [Path], new Dictionary<string, string?>());
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still mounted (busy): leave the empty folder behind rather than fail the test in cleanup.
        }
    }
}
