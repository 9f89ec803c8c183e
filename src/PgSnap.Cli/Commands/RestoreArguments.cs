using System.CommandLine;
using PgSnap.Restore;
using PgSnap.Restore.Selection;
using PgSnap.Verbs;

namespace PgSnap.Cli.Commands;

/// <summary>The arguments of <c>pgsnap restore</c> (pg_restore's flags) and how they become a <see cref="RestoreRequest"/>.</summary>
internal sealed class RestoreArguments
{
    public RestoreArguments(Command command)
    {
        command.Arguments.Add(Input);
        Connection.AddTo(command);
        foreach (var option in new Option[] { Tables, Indexes, Functions, ExcludeTables, Schemas, ExcludeSchemas, SchemaOnly, DataOnly, Sections, List, UseList, Single, NoSingle, Clean, Create, IfExists, Force, NoOwner, NoAcl, NoComments, NoPolicies, NoPublications, NoSubscriptions, NoSecurityLabels, NoTablespaces, NoTableAccessMethod, NoStatistics, EnableRowSecurity, StrictNames, Role, DryRun, Jobs, AllowConnect, AllowDowngrade, ExitOnError, Progress, Quiet, Json, BackupDir, NoSafetyBackup, Env, UseSetSessionAuthorization, DisableTriggers, NoDataForFailedTables, NoReconnect })
        {
            command.Options.Add(option);
        }

        Unsupported = PgRestoreUnsupportedOptions.AddTo(command);
    }

    /// <summary>pg_restore options pgsnap refuses, with their reasons (checked before anything runs).</summary>
    public IReadOnlyList<(Option Option, string Reason)> Unsupported { get; }

    public Option<bool> UseSetSessionAuthorization { get; } = new Option<bool>("--use-set-session-authorization") { Description = "Create each object as its owner (SET SESSION AUTHORIZATION before it) instead of ALTER … OWNER TO after it; needs a superuser login, -j 1." };

    public Option<bool> DisableTriggers { get; } = new Option<bool>("--disable-triggers") { Description = "Data-only restore: ALTER TABLE … DISABLE TRIGGER ALL before each table's rows, ENABLE after them (foreign keys do not fire); needs a superuser, -j 1." };

    public Option<bool> NoDataForFailedTables { get; } = new Option<bool>("--no-data-for-failed-tables") { Description = "Accepted for pg_restore compatibility: pgsnap stops at the first error, so no table whose CREATE failed ever gets rows." };

    public Option<bool> NoReconnect { get; } = PgDumpUnsupportedOptions.NoReconnect();

    public ConnectionOptions Connection { get; } = new();

    public Argument<string> Input { get; } = new Argument<string>("FILE") { Description = "Archive or plain SQL file (.sql, .sql.gz, .sql.lz4, .sql.zst), or - for stdin (spooled to a temporary file and checked before anything runs)." };

    public Option<bool> Single { get; } = new Option<bool>("--single-transaction", "-1") { Description = "Restore in one transaction: on failure nothing is left behind (the default when the target already holds user objects)." };

    public Option<bool> NoSingle { get; } = new Option<bool>("--no-single-transaction") { Description = "Over a target that holds user objects, do not run the restore in one transaction (very large restores, -j): a failure then leaves it half restored." };

    public Option<bool> Clean { get; } = new Option<bool>("--clean", "-c") { Description = "Drop the objects the archive creates that the target holds (with what belongs to them) before creating them; objects the archive does not hold are left in place." };

    public Option<bool> IfExists { get; } = new Option<bool>("--if-exists") { Description = "Accepted for pg_restore compatibility: pgsnap's drops always use IF EXISTS." };

    public Option<bool> Create { get; } = new Option<bool>("--create", "-C") { Description = "Create the database the URL names (on the server's maintenance database) and restore into it; it must not exist, and a failed restore drops it again." };

    public Option<bool> Force { get; } = new Option<bool>("--force") { Description = "Restore into a database that already holds user objects (a data-only archive: append to tables that hold rows)." };

    public Option<bool> NoOwner { get; } = new Option<bool>("--no-owner", "-O") { Description = "Skip ALTER … OWNER TO and SET/RESET SESSION AUTHORIZATION (any archive, pgsnap's or a pg_dump plain file)." };

    public Option<bool> NoAcl { get; } = new Option<bool>("--no-acl", "--no-privileges", "-x") { Description = "Skip GRANT / REVOKE / ALTER DEFAULT PRIVILEGES (any archive)." };

    public Option<bool> NoComments { get; } = new Option<bool>("--no-comments") { Description = "Skip COMMENT ON (any archive)." };

    public Option<bool> NoPolicies { get; } = new Option<bool>("--no-policies") { Description = "Skip CREATE POLICY, ENABLE ROW LEVEL SECURITY and comments on policies (any archive)." };

    public Option<bool> NoPublications { get; } = new Option<bool>("--no-publications") { Description = "Skip publications, their tables, comments and security labels (any archive)." };

    public Option<bool> NoSubscriptions { get; } = new Option<bool>("--no-subscriptions") { Description = "Skip subscriptions, their comments and security labels (any archive)." };

    public Option<bool> NoSecurityLabels { get; } = new Option<bool>("--no-security-labels") { Description = "Skip SECURITY LABEL (any archive)." };

    public Option<bool> NoTablespaces { get; } = new Option<bool>("--no-tablespaces") { Description = "Skip SET default_tablespace: everything goes to the target's default tablespace (any archive)." };

    public Option<bool> NoTableAccessMethod { get; } = new Option<bool>("--no-table-access-method") { Description = "Skip table access method settings and USING clauses: tables take the target's default (any archive)." };

    public Option<bool> NoStatistics { get; } = new Option<bool>("--no-statistics") { Description = "Skip the planner statistics a pg_dump 18 file restores (pgsnap archives hold none)." };

    public Option<bool> EnableRowSecurity { get; } = new Option<bool>("--enable-row-security") { Description = "Restore with row_security on, so rows must pass the tables' policies (as a role that does not bypass them); needs an archive of INSERTs (dump --inserts): COPY does not run under row security." };

    public Option<bool> StrictNames { get; } = new Option<bool>("--strict-names") { Description = "An -n schema the archive holds nothing of is an error (-t, -I and -P names it lacks always are)." };

    public Option<string?> Role { get; } = new Option<string?>("--role") { Description = "SET ROLE to this role right after connecting: what the restore creates is owned by it.", HelpName = "ROLENAME" };

    public Option<bool> DryRun { get; } = new Option<bool>("--dry-run") { Description = "List what would run, without connecting." };

    public Option<int> Jobs { get; } = new Option<int>("--jobs", "-j") { Description = "Connections for data and indexes (seekable PgSnap archives).", DefaultValueFactory = _ => 1 };

    public Option<bool> AllowDowngrade { get; } = new Option<bool>(PgSnap.Restore.Target.RestoreVersionGuard.OverrideOption) { Description = "Restore an archive dumped from a newer server major into an older one (refused by default)." };

    public Option<bool> AllowConnect { get; } = new Option<bool>("--allow-connect") { Description = "Follow \\connect to another database on the same server." };

    public Option<bool> ExitOnError { get; } = new Option<bool>("--exit-on-error", "-e") { Description = "Stop at the first error (always on; accepted for pg_restore compatibility)." };

    public Option<bool> Progress { get; } = new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." };

    public Option<bool> Quiet { get; } = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };

    public Option<bool> Json { get; } = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout." };

    public Option<string?> BackupDir { get; } = new Option<string?>("--backup-dir") { Description = "Where the safety backup of a non-empty target goes before --clean/--force (default: the archive's folder; required for stdin).", HelpName = "DIR" };

    public Option<bool> NoSafetyBackup { get; } = new Option<bool>("--no-safety-backup") { Description = "Restore with --clean/--force over user objects without backing them up first." };

    public Option<string[]> Tables { get; } = new Option<string[]>("--table", "-t") { Description = "Restore only this table (name or schema.name, repeatable), with its data, indexes, constraints, triggers, policies, defaults and owned sequences.", HelpName = "NAME" };

    public Option<string[]> Indexes { get; } = new Option<string[]>("--index", "-I") { Description = "Restore only this index (name or schema.name, repeatable; with -t and -P, the union).", HelpName = "NAME" };

    public Option<string[]> Functions { get; } = new Option<string[]>("--function", "-P") { Description = "Restore only this function, procedure or aggregate: name(args) as -l lists it, or name for every overload (repeatable).", HelpName = "NAME(ARGS)" };

    public Option<string[]> ExcludeTables { get; } = new Option<string[]>("--exclude-table", "-T") { Description = "Do not restore this table (repeatable).", HelpName = "NAME" };

    public Option<string[]> Schemas { get; } = new Option<string[]>("--schema", "-n") { Description = "Restore only objects in this schema (repeatable).", HelpName = "SCHEMA" };

    public Option<string[]> ExcludeSchemas { get; } = new Option<string[]>("--exclude-schema", "-N") { Description = "Do not restore objects in this schema (repeatable).", HelpName = "SCHEMA" };

    public Option<bool> SchemaOnly { get; } = new Option<bool>("--schema-only", "--no-data", "-s") { Description = "Restore only the definitions (pre-data and post-data)." };

    public Option<bool> DataOnly { get; } = new Option<bool>("--data-only", "--no-schema", "-a") { Description = "Restore only the data." };

    public Option<string[]> Sections { get; } = new Option<string[]>("--section") { Description = "Restore only this section: pre-data, data or post-data (repeatable).", HelpName = "SECTION" };

    public Option<bool> List { get; } = new Option<bool>("--list", "-l") { Description = "Print the archive's table of contents (id; kind schema name owner) and exit." };

    public Option<string?> UseList { get; } = new Option<string?>("--use-list", "-L") { Description = "Restore only the entries of this list (from -l; lines starting with ';' are skipped).", HelpName = "FILE" };

    public Option<string?> Env { get; } = new Option<string?>("--env") { Description = "Env of the safety backup's name, backup_{env}_…_pre-restore.sql.gz (default: restore).", HelpName = "ENV" };

    /// <summary>The engine's request; <paramref name="progress"/> renders progress (null: none).</summary>
    public RestoreRequest ToRequest(ParseResult result, Action<RestoreProgress>? progress)
    {
        var options = new RestoreOptions
        {
            SingleTransaction = result.GetValue(Single),
            NoSingleTransaction = result.GetValue(NoSingle),
            Clean = result.GetValue(Clean),
            Force = result.GetValue(Force),
            Create = result.GetValue(Create),
            NoOwner = result.GetValue(NoOwner),
            NoAcl = result.GetValue(NoAcl),
            NoComments = result.GetValue(NoComments),
            NoPolicies = result.GetValue(NoPolicies),
            NoPublications = result.GetValue(NoPublications),
            NoSubscriptions = result.GetValue(NoSubscriptions),
            NoSecurityLabels = result.GetValue(NoSecurityLabels),
            NoTablespaces = result.GetValue(NoTablespaces),
            NoTableAccessMethod = result.GetValue(NoTableAccessMethod),
            NoStatistics = result.GetValue(NoStatistics),
            EnableRowSecurity = result.GetValue(EnableRowSecurity),
            UseSetSessionAuthorization = result.GetValue(UseSetSessionAuthorization),
            DisableTriggers = result.GetValue(DisableTriggers),
            Role = string.IsNullOrEmpty(result.GetValue(Role)) ? null : result.GetValue(Role),
            DryRun = result.GetValue(DryRun),
            Jobs = result.GetValue(Jobs),
            AllowConnect = result.GetValue(AllowConnect),
            AllowDowngrade = result.GetValue(AllowDowngrade),
            DryRunOutput = Console.Out,
            List = result.GetValue(List),
            Selection = new RestoreSelection
            {
                Tables = result.GetValue(Tables) ?? [],
                Indexes = result.GetValue(Indexes) ?? [],
                Functions = result.GetValue(Functions) ?? [],
                ExcludeTables = result.GetValue(ExcludeTables) ?? [],
                Schemas = result.GetValue(Schemas) ?? [],
                ExcludeSchemas = result.GetValue(ExcludeSchemas) ?? [],
                SchemaOnly = result.GetValue(SchemaOnly),
                DataOnly = result.GetValue(DataOnly),
                Sections = result.GetValue(Sections) ?? [],
                StrictNames = result.GetValue(StrictNames),
                UseList = result.GetValue(UseList) is { } listFile ? TocListing.ReadIds(listFile) : null,
            },
            Progress = progress,
        };
        return new RestoreRequest
        {
            Input = result.GetValue(Input)!,
            Stdin = Console.OpenStandardInput,
            Target = options.DryRun || options.List ? null : Connection.Resolve(result),
            Options = options,
            NoSafetyBackup = result.GetValue(NoSafetyBackup),
            BackupDirectory = result.GetValue(BackupDir),
            BackupEnv = result.GetValue(Env) ?? "restore",
        };
    }
}
