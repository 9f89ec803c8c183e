using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Cli;

/// <summary>
/// Runs <c>pgsnap</c> as a real process: the framework-dependent build (<c>dotnet pgsnap.dll</c>) by default, or a
/// given native binary (the AOT publish). Tests see what a user sees: exit code, stdout bytes, stderr text.
/// </summary>
internal sealed class PgSnapCli
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromMinutes(3);

    private readonly string _program;
    private readonly IReadOnlyList<string> _prefix;

    private PgSnapCli(string program, IReadOnlyList<string> prefix)
    {
        _program = program;
        _prefix = prefix;
    }

    /// <summary>The CLI the test build made, run with <c>dotnet</c>.</summary>
    public static PgSnapCli Default { get; } = CreateDefault();

    /// <summary>A native executable (e.g. the Native AOT publish).</summary>
    public static PgSnapCli Native(string executable) => new(executable, []);

    /// <summary>
    /// The same CLI run under another program (e.g. <c>/usr/bin/time -f %M -o FILE</c>) that takes the command
    /// line after its own <paramref name="arguments"/>.
    /// </summary>
    public PgSnapCli WrappedBy(string program, params string[] arguments) => new(program, [.. arguments, _program, .. _prefix]);

    /// <summary>What is run, for messages.</summary>
    public string Description => string.Join(' ', [_program, .. _prefix]);

    /// <summary>
    /// Runs <c>pgsnap args…</c>. <paramref name="stdinFile"/> feeds stdin from a file (for <c>restore -</c>);
    /// <paramref name="stdoutFile"/> streams stdout to a file instead of memory (for dumps to stdout).
    /// PG* variables of the test process are removed so only what the test passes reaches pgsnap.
    /// </summary>
    public Task<ProcessRunner.BinaryResult> RunAsync(
        IEnumerable<string> args,
        string? stdinFile = null,
        string? stdoutFile = null,
        IDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["PGHOST"] = null,
            ["PGPORT"] = null,
            ["PGUSER"] = null,
            ["PGPASSWORD"] = null,
            ["PGDATABASE"] = null,
            ["PGSSLMODE"] = null,
            ["PGPASSFILE"] = "/nonexistent/pgsnap-tests-no-pgpass",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                env[k] = v;
            }
        }

        return ProcessRunner.RunBinaryAsync(
            _program,
            [.. _prefix, .. args],
            env,
            stdinFile is null ? null : () => File.OpenRead(stdinFile),
            stdoutFile,
            timeout ?? s_defaultTimeout);
    }

    /// <summary>Runs and fails the test with the full stderr when the exit code is not 0.</summary>
    public async Task<ProcessRunner.BinaryResult> RunCheckedAsync(
        IEnumerable<string> args,
        string? stdinFile = null,
        string? stdoutFile = null,
        TimeSpan? timeout = null)
    {
        var list = args.ToList();
        var result = await RunAsync(list, stdinFile, stdoutFile, timeout: timeout);
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"pgsnap {Redact(string.Join(' ', list))} exited {result.ExitCode}\nstderr:\n{result.StdErr}");
        }

        return result;
    }

    private static PgSnapCli CreateDefault()
    {
        var dll = RepoPaths.CliDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build src/PgSnap.Cli (dotnet test builds it)");
        }

        // dotnet test exports the host it runs under; use the same one.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new PgSnapCli(string.IsNullOrEmpty(host) ? "dotnet" : host, [dll]);
    }

    private static string Redact(string text) => PgSnap.Connection.SecretRedactor.Redact(text);
}
