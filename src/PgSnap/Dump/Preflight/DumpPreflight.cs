using System.Globalization;
using Npgsql;
using PgSnap.Connection;
using PgSnap.Dump;

namespace PgSnap.Dump.Preflight;

/// <summary>
/// The checks a dump runs before it writes its first byte or reads its first row (docs/ARCHITECTURE.md, "dump"): the output folder
/// exists and takes a file; the dump's estimated size fits in its free space (refused only when it clearly cannot,
/// unless --force); every selected schema, table, sequence and large object is readable by the connecting role,
/// each unreadable one listed with the GRANT that fixes it; and the server's major version is one PgSnap knows.
/// </summary>
public static class DumpPreflight
{
    /// <summary>The oldest server major PgSnap reads the catalog of (see <see cref="ServerVersionPolicy"/>).</summary>
    public const int OldestMajor = ServerVersionPolicy.OldestMajor;

    /// <summary>The newest server major PgSnap reads the catalog of (see <see cref="ServerVersionPolicy"/>).</summary>
    public const int NewestMajor = ServerVersionPolicy.NewestMajor;

    /// <summary>Runs every check and returns what it found; throws only when the catalog cannot be read.</summary>
    /// <param name="connection">An open connection to the database to be dumped, as the role the dump will use.</param>
    /// <param name="request">What the dump will do.</param>
    /// <param name="cancellationToken">Cancels the catalog queries.</param>
    public static async Task<PreflightResult> RunAsync(NpgsqlConnection connection, PreflightRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<PreflightProblem>();
        if (request.OutputDirectory is not null && OutputFolderCheck.Run(request.OutputDirectory) is { } folderProblem)
        {
            problems.Add(folderProblem);
        }

        ServerFacts server;
        PrivilegeCheck.Outcome access;
        try
        {
            server = await ServerFacts.ReadAsync(connection, PrivilegeCheck.WantsLargeObjects(request.Options), cancellationToken).ConfigureAwait(false);
            access = await PrivilegeCheck.RunAsync(connection, request.Options, server, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw new PgSnapException(PgSnapErrorKind.Failure, $"preflight could not read the catalog: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex) { SqlState = ex.SqlState };
        }

        var estimate = new DumpSizeEstimate(access.TableBytes, access.LargeObjectBytes, request.Compression);
        long? free = null;
        if (request.OutputDirectory is not null && Directory.Exists(request.OutputDirectory))
        {
            free = request.FreeSpace.AvailableBytes(request.OutputDirectory);
            if (SpaceProblem(request, estimate, free) is { } spaceProblem)
            {
                problems.Add(spaceProblem);
            }
        }

        problems.AddRange(access.Problems);
        // The major the server announces when the session starts (pg_dump's PQserverVersion), as the policy decides.
        if (ServerVersionPolicy.Assess(ReportedVersionNum(connection, server.Version), request.AllowUnknownServer) is { } versionProblem)
        {
            problems.Add(versionProblem);
        }

        return new PreflightResult
        {
            Problems = problems,
            Estimate = estimate,
            FreeBytes = free,
            ServerVersionNum = server.Version,
            Role = server.Role,
            LargeObjects = access.LargeObjects,
        };
    }

    /// <summary>
    /// The preflight of a dump about to write <paramref name="output"/>: connects with <paramref name="spec"/>, checks
    /// the output file's folder (none for a stream), and lets the output's --force override a disk-space refusal.
    /// </summary>
    public static Task<PreflightResult> RunAsync(ConnectionSpec spec, DumpOptions options, DumpOutput output, CancellationToken cancellationToken) =>
        RunAsync(spec, options, output, allowUnknownServer: false, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync(ConnectionSpec, DumpOptions, DumpOutput, CancellationToken)"/>; with
    /// <paramref name="allowUnknownServer"/> (--allow-unknown-server) a server major outside 13–18 is a warning, not a refusal.
    /// </summary>
    /// <param name="spec">Where to connect.</param>
    /// <param name="options">What the dump will do.</param>
    /// <param name="output">Where the archive goes.</param>
    /// <param name="allowUnknownServer">Whether an unknown server major is only a warning.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public static async Task<PreflightResult> RunAsync(ConnectionSpec spec, DumpOptions options, DumpOutput output, bool allowUnknownServer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await using var dataSource = DataSourceFactory.Create(spec, "pgsnap preflight");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, spec, cancellationToken).ConfigureAwait(false);
        // The session the dump itself reads with (in the CLI the preflight runs on the dump's leader, which has it).
        await DumpSessionSettings.For(options).ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        return await RunAsync(connection, RequestFor(options, output, allowUnknownServer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the preflight of a dump about to write <paramref name="output"/> checks: the output file's folder (none
    /// for a stream), with the output's --force overriding a disk-space refusal.
    /// </summary>
    public static PreflightRequest RequestFor(DumpOptions options, DumpOutput output, bool allowUnknownServer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        return new PreflightRequest
        {
            Options = options,
            // Object storage has no folder to probe nor free space to measure: its checks are the HEAD and the upload.
            OutputDirectory = output.Path is null || output.IsRemote ? null : Path.GetDirectoryName(Path.GetFullPath(output.Path)),
            Compression = output.Compression.Kind,
            Force = output.Force,
            AllowUnknownServer = allowUnknownServer,
        };
    }

    private static PreflightProblem? SpaceProblem(PreflightRequest request, DumpSizeEstimate estimate, long? free)
    {
        var folder = Path.GetFullPath(request.OutputDirectory!);
        if (free is null)
        {
            return new PreflightProblem(PreflightCheck.DiskSpace, false, $"cannot tell the free space of {folder}; the dump's estimated size is {Mb(estimate.ExpectedBytes)}");
        }

        if (estimate.MinimumBytes > free)
        {
            var message = $"the dump clearly cannot fit in {folder}: about {Mb(estimate.ExpectedBytes)} expected (at least {Mb(estimate.MinimumBytes)}) but only {Mb(free.Value)} free";
            return request.Force
                ? new PreflightProblem(PreflightCheck.DiskSpace, false, message + " (going on because of --force)", ForceOverrides: true)
                : new PreflightProblem(PreflightCheck.DiskSpace, true, message, "free some space, write elsewhere (--output-dir), compress more (-Z gzip), or pass --force to try anyway", ForceOverrides: true);
        }

        if (estimate.ExpectedBytes > free)
        {
            return new PreflightProblem(PreflightCheck.DiskSpace, false, $"the dump may not fit in {folder}: about {Mb(estimate.ExpectedBytes)} expected, {Mb(free.Value)} free");
        }

        return null;
    }

    private static int ReportedVersionNum(NpgsqlConnection connection, int queried)
    {
        var reported = connection.PostgreSqlVersion;
        return reported.Major > 0 ? (reported.Major * 10000) + Math.Max(reported.Minor, 0) : queried;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
