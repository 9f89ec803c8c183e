namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// Finds the server and reference client binaries of the installed PostgreSQL: <c>PGSNAP_PG_BIN</c> when set,
/// else the newest <c>/usr/lib/postgresql/N/bin</c> (Debian's layout), else whatever <c>pg_ctl</c> is on PATH.
/// </summary>
internal static class PostgresBinaries
{
    private static readonly Lazy<string> s_binDirectory = new(Find);

    public static string BinDirectory => s_binDirectory.Value;

    private static readonly Lazy<int> s_major = new(ReadMajor);

    public static string Tool(string name) => Path.Combine(BinDirectory, name);

    /// <summary>The major version of these binaries (from <c>pg_ctl --version</c>).</summary>
    public static int Major => s_major.Value;

    private static int ReadMajor()
    {
        var result = ProcessRunner.RunAsync(Tool("pg_ctl"), ["--version"]).GetAwaiter().GetResult();
        // "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var words = result.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var version = words.Length >= 3 ? words[2] : string.Empty;
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot > 0 ? version[..dot] : version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major)
            ? major
            : throw new InvalidOperationException($"cannot read the major version of {Tool("pg_ctl")}: {result.StdOut}{result.StdErr}");
    }

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("PGSNAP_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (dir: d, ok: int.TryParse(Path.GetFileName(d), out var v), version: v))
                .Where(x => x.ok && File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .FirstOrDefault();
            if (newest.dir is not null)
            {
                return Path.Combine(newest.dir, "bin");
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "no PostgreSQL server binaries found: install Debian's postgresql package, set PGSNAP_PG_BIN, or set PGSNAP_TEST_URL");
    }
}
