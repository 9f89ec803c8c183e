using PgSnap.Roles;

namespace PgSnap.Verbs;

/// <summary>
/// <c>pgsnap roles</c> as one call (docs/ARCHITECTURE.md, "roles"): refuse an existing file without --force before
/// connecting → read the roles, memberships and settings (never passwords) → write the script atomically or to the stream.
/// </summary>
public static class RolesVerb
{
    public static Task<RoleScriptSummary> RunAsync(RolesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RoleDump.WriteAsync(request.Source, request.Options, request.Path, request.Force, request.Output, cancellationToken);
    }
}
