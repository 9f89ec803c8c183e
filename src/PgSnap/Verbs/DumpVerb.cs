using PgSnap.Catalog;
using PgSnap.Dump;
using PgSnap.Dump.Preflight;
using PgSnap.Roles;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap dump</c> as one call (docs/ARCHITECTURE.md, "dump"): refuse impossible option combinations → open the
/// output atomically and the leader connection → preflight on that connection (folder, free space, read privileges,
/// row-level security, server version; a refusal throws before any row is read) → snapshot → plan (with the roles
/// section for <see cref="DumpRequest.WithRoles"/>) → data → manifest and footer → rename into place.
/// </summary>
public static class DumpVerb
{
    /// <summary>Runs the dump. Throws <see cref="PgSnapException"/> (its kind is the CLI's exit code); no partial file is left.</summary>
    public static async Task<DumpSummary> RunAsync(DumpRequest request, IDumpProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options;
        DumpPlanSource planSource = DumpPlanner.PlanAsync;
        if (request.WithRoles)
        {
            planSource = RoleDump.WithRoles(planSource, new RoleScriptOptions { Profile = options.Profile, NoComments = options.NoComments });
        }

        var preflightRequest = DumpPreflight.RequestFor(options, request.Output, request.AllowUnknownServer);
        var job = new DumpJob(request.Source, options, request.Output, planSource)
        {
            Progress = progress,
            // On the dump's own connection: against a remote server one TLS + SCRAM login costs several round trips.
            BeforeSnapshot = async (leader, token) =>
            {
                var preflight = await DumpPreflight.RunAsync(leader, preflightRequest, token).ConfigureAwait(false);
                foreach (var line in preflight.ReportLines())
                {
                    request.PreflightReport?.Invoke(line);
                }

                preflight.ThrowIfBlocked();
            },
        };
        job.Validate();
        return await job.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
