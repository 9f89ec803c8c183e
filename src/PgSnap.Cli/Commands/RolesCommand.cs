using System.CommandLine;
using System.Globalization;
using PgSnap.Dump;
using PgSnap.Roles;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>`pgsnap roles`: the cluster's roles and memberships as SQL that can run again safely (never passwords).</summary>
internal static class RolesCommand
{
    public static Command Create()
    {
        var command = new Command("roles", "Write the cluster's roles, settings, comments and memberships as re-runnable SQL (never passwords; no superuser needed).");
        var connection = new ConnectionOptions();
        connection.AddTo(command);
        var file = new Option<string?>("--file", "-f") { Description = "Write the SQL to FILE (written as FILE.partial, then renamed). Default: stdout.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file." };
        var profile = new Option<string>("--profile") { Description = "default or supabase (write Supabase's reserved roles commented out).", DefaultValueFactory = _ => "default" };
        profile.AcceptOnlyFromAmong("default", "supabase");
        var roles = new Option<string[]>("--role") { Description = "Only roles whose names match PATTERN (* and ?; repeatable).", HelpName = "PATTERN" };
        var noComments = new Option<bool>("--no-comments") { Description = "Do not write COMMENT ON ROLE." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No summary line on stderr." };
        foreach (var option in new Option[] { file, force, profile, roles, noComments, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result.GetValue(GlobalOptions.Verbose), async ct =>
        {
            var options = new RoleScriptOptions
            {
                Profile = result.GetValue(profile) == "supabase" ? DumpProfile.Supabase : DumpProfile.Default,
                NoComments = result.GetValue(noComments),
                RolePatterns = result.GetValue(roles) ?? [],
            };
            var path = result.GetValue(file) is { } f && f != "-" ? f : null;
            var spec = connection.Resolve(result);
            await using var stdout = path is null ? Console.OpenStandardOutput() : null;
            var summary = await RolesVerb.RunAsync(new RolesRequest { Source = spec, Options = options, Path = path, Force = result.GetValue(force), Output = stdout }, ct).ConfigureAwait(false);
            if (!result.GetValue(quiet))
            {
                if (!summary.SettingsReadable)
                {
                    Console.Error.WriteLine("pgsnap: warning: pg_db_role_setting is not readable: per-database role settings are left out");
                }

                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"pgsnap: wrote {summary.Roles} roles ({summary.Reserved} reserved, commented out), {summary.Settings} settings, {summary.Memberships} memberships to {summary.File ?? "stdout"}"));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
