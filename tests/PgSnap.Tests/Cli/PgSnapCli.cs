using PgSnap.Tests.Infrastructure;

namespace PgSnap.Tests.Cli;

/// <summary>
/// Runs <c>pgsnap</c> as a real process: by default the Native AOT binary users get (<see cref="NativeAotPublish"/>),
/// or the framework-dependent build (<c>dotnet pgsnap.dll</c>) when <c>PGSNAP_TEST_CLI=dll</c> (a quick loop on a
/// changed source, without the publish) or when the publish failed (the Native AOT tests then fail, naming why).
/// Under JIT every run costs about a second of CPU before it does anything, and the suite starts hundreds of them.
/// Tests see what a user sees: exit code, stdout bytes, stderr text.
/// </summary>
internal sealed class PgSnapCli
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The program and the arguments before pgsnap's own; resolved once, when first run.</summary>
    private readonly Lazy<Task<Command>> _command;

    private PgSnapCli(Func<Task<Command>> resolve) =>
        _command = new Lazy<Task<Command>>(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The CLI of this test run: the Native AOT publish, else the test build's dll (see the type's summary).</summary>
    public static PgSnapCli Default { get; } = new(ResolveDefaultAsync);

    /// <summary>A native executable (e.g. the Native AOT publish).</summary>
    public static PgSnapCli Native(string executable) => new(() => Task.FromResult(new Command(executable, [])));

    /// <summary>
    /// The same CLI run under another program (e.g. <c>/usr/bin/time -f %M -o FILE</c>) that takes the command
    /// line after its own <paramref name="arguments"/>.
    /// </summary>
    public PgSnapCli WrappedBy(string program, params string[] arguments) =>
        new(async () =>
        {
            var inner = await _command.Value;
            return new Command(program, [.. arguments, inner.Program, .. inner.Prefix]);
        });

    /// <summary>
    /// Runs <c>pgsnap args…</c>. <paramref name="stdinFile"/> feeds stdin from a file (for <c>restore -</c>);
    /// <paramref name="stdoutFile"/> streams stdout to a file instead of memory (for dumps to stdout).
    /// PG* variables of the test process are removed so only what the test passes reaches pgsnap.
    /// </summary>
    public async Task<ProcessRunner.BinaryResult> RunAsync(
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

        var command = await _command.Value;
        return await ProcessRunner.RunBinaryAsync(
            command.Program,
            [.. command.Prefix, .. args],
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

    private static async Task<Command> ResolveDefaultAsync()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("PGSNAP_TEST_CLI"), "dll", StringComparison.OrdinalIgnoreCase))
        {
            return ManagedCommand();
        }

        try
        {
            return new Command((await NativeAotPublish.GetAsync()).Executable, []);
        }
        catch (InvalidOperationException)
        {
            // The publish failed (no C toolchain, say): NativeAotTests report it; every other test still runs.
            return ManagedCommand();
        }
    }

    private static Command ManagedCommand()
    {
        var dll = RepoPaths.CliDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build src/PgSnap.Cli (dotnet test builds it)");
        }

        // dotnet test exports the host it runs under; use the same one.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return new Command(string.IsNullOrEmpty(host) ? "dotnet" : host, [dll]);
    }

    private static string Redact(string text) => PgSnap.Connection.SecretRedactor.Redact(text);

    /// <param name="Program">What is started.</param>
    /// <param name="Prefix">Its arguments before pgsnap's own (the dll, or pgsnap itself under a wrapper).</param>
    private sealed record Command(string Program, IReadOnlyList<string> Prefix);
}
