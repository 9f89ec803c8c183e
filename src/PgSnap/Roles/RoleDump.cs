using System.Text;
using Npgsql;
using PgSnap.Archive.Writing;
using PgSnap.Connection;
using PgSnap.Dump;

namespace PgSnap.Roles;

/// <summary>
/// The roles pipeline: catalog (<see cref="RoleCatalogReader"/>) → SQL (<see cref="RoleScriptWriter"/>) → a file
/// written atomically, a stream, or the top of a dump's pre-data section (<see cref="WithRoles"/>).
/// </summary>
public static class RoleDump
{
    /// <summary>
    /// Writes the roles script to <paramref name="path"/> (as <c>NAME.partial</c>, renamed when complete; an existing
    /// file is refused unless <paramref name="force"/>) or, when <paramref name="path"/> is null, to <paramref name="stdout"/>.
    /// </summary>
    public static async Task<RoleScriptSummary> WriteAsync(
        ConnectionSpec spec, RoleScriptOptions options, string? path, bool force, Stream? stdout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (path is null && stdout is null)
        {
            throw new ArgumentException("a path or a stream is needed", nameof(stdout));
        }

        if (path is not null)
        {
            // Refuse before connecting: a user who forgot --force learns it at once.
            AtomicFileSink.EnsureMayWrite(Path.GetFullPath(path), force);
        }

        RoleCatalog catalog;
        string serverVersion;
        await using (var dataSource = DataSourceFactory.Create(spec))
        await using (var connection = await DataSourceFactory.OpenAsync(dataSource, spec, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                catalog = await RoleCatalogReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PgSnapException(PgSnapErrorKind.Failure, $"reading the roles failed: {ex.Message.ReplaceLineEndings(" ")}", ex)
                {
                    SqlState = (ex as PostgresException)?.SqlState,
                };
            }

            serverVersion = connection.PostgreSqlVersion.ToString();
        }

        var script = RoleScriptWriter.Build(catalog, options);
        var bytes = new UTF8Encoding(false).GetBytes(RoleScriptWriter.Text(catalog, script, serverVersion));
        if (path is null)
        {
            await stdout!.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return Summarize(catalog, script, null);
        }

        await using var sink = AtomicFileSink.Create(path, force);
        await sink.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await sink.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Summarize(catalog, script, sink.FinalPath);
    }

    /// <summary>
    /// A plan source that puts the roles section at the top of the pre-data section of the plan
    /// <paramref name="inner"/> makes (<c>pgsnap dump --roles</c>). It reads the roles inside the dump's own
    /// transaction.
    /// </summary>
    public static DumpPlanSource WithRoles(DumpPlanSource inner, RoleScriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        return async (connection, dumpOptions, siblings, cancellationToken) =>
        {
            var plan = await inner(connection, dumpOptions, siblings, cancellationToken).ConfigureAwait(false);
            var catalog = await RoleCatalogReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            return plan with { PreData = [.. RoleScriptWriter.Entries(catalog, options), .. plan.PreData] };
        };
    }

    private static RoleScriptSummary Summarize(RoleCatalog catalog, RoleScript script, string? file) =>
        new(file, script.Roles, script.Reserved, script.Memberships, script.Settings, catalog.SettingsReadable);
}
