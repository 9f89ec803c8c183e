using Npgsql;
using PgSnap.Restore.Clean;
using PgSnap.Restore.Input;

namespace PgSnap.Restore.Target;

/// <summary>
/// The checks of the target a restore makes once connected and before it runs anything: is it in the way (not empty,
/// or holding the chosen objects), do the archive's roles exist, is the login a superuser where an option needs one,
/// and whether the restore must run in one transaction because the target already holds objects.
/// </summary>
internal static class TargetPreflight
{
    /// <summary>
    /// Refuses a target in the way: one that holds user objects (unless --clean / --force), for a selective restore
    /// only the chosen objects it already holds, for a data-only archive tables that hold rows. Returns the clean
    /// plan when it had to be built to decide.
    /// </summary>
    public static async Task<CleanPlan?> CheckTargetAsync(
        NpgsqlConnection connection, PreparedRestore p, IReadOnlyList<UserObject> userObjects, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (p.Survey is { IsDataOnly: true } && !options.Clean)
        {
            // A data-only archive's natural target holds the schema with empty tables: no --force needed.
            await DataOnlyTarget.EnsureReadyAsync(connection, p.Survey.DataTables, options.Force, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (options.Force || options.Clean)
        {
            return null;
        }

        if ((p.Selected is not null || p.Plain is not null) && p.Survey is not null && userObjects.Count > 0)
        {
            // A selective restore adds to a database that holds the rest (one table back into its schema):
            // only the chosen objects the target already holds are in the way.
            var plan = await CleanPlan.BuildAsync(connection, p.Survey.Entries, p.Survey.LargeObjects, cancellationToken).ConfigureAwait(false);
            TargetInspector.EnsureEmpty(connection, [.. userObjects.Where(o => plan.Holds(o.ClassId, o.ObjId))], "of the selected objects");
            return plan;
        }

        TargetInspector.EnsureEmpty(connection, userObjects, null);
        return null;
    }

    /// <summary>The roles the archive's owners and grants name must exist, unless --no-owner / --no-acl leaves them out.</summary>
    public static async Task CheckRolesAsync(NpgsqlConnection connection, ScriptSurvey? survey, RestoreOptions options, CancellationToken cancellationToken)
    {
        if (survey is null)
        {
            return;
        }

        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (!options.NoOwner)
        {
            roles.UnionWith(survey.OwnerRoles);
        }

        if (!options.NoAcl)
        {
            roles.UnionWith(survey.AclRoles);
        }

        // Roles the script creates itself (pgsnap roles, dump --roles) need not exist beforehand.
        roles.ExceptWith(survey.Entries.Where(static e => e.Kind == "ROLE").Select(static e => e.Name));
        await TargetInspector.EnsureRolesExistAsync(connection, roles,
            "create them first, or restore with --no-owner / --no-acl", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// --use-set-session-authorization needs a superuser login (only one may SET SESSION AUTHORIZATION), and
    /// --disable-triggers a superuser role (foreign-key triggers are system triggers): refused before anything runs.
    /// </summary>
    public static async Task CheckSuperuserAsync(NpgsqlConnection connection, RestoreOptions options, CancellationToken cancellationToken)
    {
        var sessionAuthorization = options.UseSetSessionAuthorization && !options.NoOwner;
        if (!sessionAuthorization && !options.DisableTriggers)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user), (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (sessionIsSuper, currentIsSuper) = (reader.GetBoolean(0), reader.GetBoolean(1));
        if (sessionAuthorization && !sessionIsSuper)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                $"--use-set-session-authorization needs a superuser login (only a superuser may SET SESSION AUTHORIZATION), and \"{connection.UserName}\" is not one: connect as one, or leave the option out (owners are then set with ALTER … OWNER TO)");
        }

        if (options.DisableTriggers && !currentIsSuper)
        {
            throw new PgSnapException(PgSnapErrorKind.Refused,
                "--disable-triggers needs a superuser (ALTER TABLE … DISABLE TRIGGER ALL also disables foreign-key triggers, which are system triggers): connect as one, or leave the option out");
        }
    }

    /// <summary>
    /// Over a target that holds user objects, a failure half way must leave it as it was: one transaction, unless
    /// the caller opts out (very large restores, -j).
    /// </summary>
    public static RestoreOptions InOneTransactionWhenTargetHoldsObjects(RestoreOptions options, int userObjects, string database)
    {
        if (userObjects == 0 || options.SingleTransaction || options.NoSingleTransaction)
        {
            return options;
        }

        if (options.Jobs > 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                $"target database \"{database}\" holds user objects, so this restore runs in one transaction, which -j cannot do: pass --no-single-transaction to accept a half-restored target if it fails, or restore with -j 1");
        }

        return options with { SingleTransaction = true };
    }
}
