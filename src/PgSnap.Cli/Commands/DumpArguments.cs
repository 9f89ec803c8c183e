using System.CommandLine;
using PgSnap.Dump;
using PgSnap.Dump.Preflight;

namespace PgSnap.Cli.Commands;

/// <summary>
/// The options of <c>pgsnap dump</c> (pg_dump's where the meaning is the same, in pg_dump's help order) and how
/// they become <see cref="DumpOptions"/>. Declaring them here keeps <see cref="DumpCommand"/> to the order of work.
/// </summary>
internal sealed class DumpArguments
{
    public DumpArguments(Command command)
    {
        Profile.AcceptOnlyFromAmong("default", "supabase");
        foreach (var option in new Option[]
        {
            SchemaOnly, DataOnly, Sections, Schemas, ExcludeSchemas, Tables, ExcludeTables, ExcludeTableData, Extensions, ExcludeExtensions, NoStrictNames, NoOwner, NoAcl, NoComments, NoPublications, NoSubscriptions, NoSecurityLabels, NoPolicies, NoTableAccessMethod, NoToastCompression, NoUnloggedTableData, NoTablespaces, NoLargeObjects, SequenceData, Create, Clean, IfExists, QuoteAll, Profile, Inserts, ColumnInserts, RowsPerInsert, OnConflict, DisableTriggers, EnableRowSecurity, Jobs, Compress, Format, File, OutputDir, Env, Label, Force, Progress, Quiet, WithRoles, AllowUnknownServer, AllowUncovered, Role, LockWaitTimeout, SerializableDeferrable, Snapshot, NoSync, SyncMethod, LargeObjects, StrictNames, Encoding, NoData, NoSchema, NoStatistics, Filter,
        })
        {
            command.Options.Add(option);
        }

        // pg_dump options pgsnap refuses by name, listed after the ones it takes.
        Unsupported = PgDumpUnsupportedOptions.AddTo(command);
        command.Options.Add(PgDumpUnsupportedOptions.NoReconnect());
        command.Options.Add(Utc);
        command.Options.Add(Json);
    }

    public Option<bool> SchemaOnly { get; } = new Option<bool>("--schema-only", "-s") { Description = "Dump only the object definitions, no data." };

    public Option<bool> DataOnly { get; } = new Option<bool>("--data-only", "-a") { Description = "Dump only the data, not the definitions." };

    public Option<string[]> Sections { get; } = new Option<string[]>("--section") { Description = "Dump only this section: pre-data, data or post-data (repeatable).", HelpName = "SECTION" };

    public Option<string[]> Schemas { get; } = new Option<string[]>("--schema", "-n") { Description = "Dump only schemas matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<string[]> ExcludeSchemas { get; } = new Option<string[]>("--exclude-schema", "-N") { Description = "Do not dump schemas matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<string[]> Tables { get; } = new Option<string[]>("--table", "-t") { Description = "Dump only tables matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<string[]> ExcludeTables { get; } = new Option<string[]>("--exclude-table", "-T") { Description = "Do not dump tables matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<string[]> ExcludeTableData { get; } = new Option<string[]>("--exclude-table-data") { Description = "Dump the definition but not the rows of tables matching PATTERN.", HelpName = "PATTERN" };

    public Option<string[]> Extensions { get; } = new Option<string[]>("--extension", "-e") { Description = "Dump only extensions matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<string[]> ExcludeExtensions { get; } = new Option<string[]>("--exclude-extension") { Description = "Do not dump extensions matching PATTERN (repeatable).", HelpName = "PATTERN" };

    public Option<bool> NoStrictNames { get; } = new Option<bool>("--no-strict-names") { Description = "A -n/-t/-e pattern that matches nothing is not an error." };

    public Option<bool> NoOwner { get; } = new Option<bool>("--no-owner", "-O") { Description = "Do not set object ownership." };

    public Option<bool> NoAcl { get; } = new Option<bool>("--no-acl", "--no-privileges", "-x") { Description = "Do not dump privileges (GRANT/REVOKE)." };

    public Option<bool> NoComments { get; } = new Option<bool>("--no-comments") { Description = "Do not dump comments." };

    public Option<bool> NoPublications { get; } = new Option<bool>("--no-publications") { Description = "Do not dump publications." };

    public Option<bool> NoSubscriptions { get; } = new Option<bool>("--no-subscriptions") { Description = "Do not dump subscriptions." };

    public Option<bool> NoSecurityLabels { get; } = new Option<bool>("--no-security-labels") { Description = "Do not dump security labels." };

    public Option<bool> NoPolicies { get; } = new Option<bool>("--no-policies") { Description = "Do not dump row-level security policies or the enabling of row-level security." };

    public Option<bool> NoTableAccessMethod { get; } = new Option<bool>("--no-table-access-method") { Description = "Do not dump table access methods (tables take the target's default)." };

    public Option<bool> NoToastCompression { get; } = new Option<bool>("--no-toast-compression") { Description = "Do not dump column compression methods." };

    public Option<bool> NoUnloggedTableData { get; } = new Option<bool>("--no-unlogged-table-data") { Description = "Do not dump the rows of unlogged tables." };

    public Option<bool> NoTablespaces { get; } = new Option<bool>("--no-tablespaces") { Description = "Do not dump tablespace assignments." };

    public Option<bool> NoLargeObjects { get; } = new Option<bool>("--no-large-objects", "--no-blobs", "-B") { Description = "Do not dump large objects." };

    public Option<bool> SequenceData { get; } = new Option<bool>("--sequence-data") { Description = "Write sequence values even without data (-s/--no-data), as pg_dump 18." };

    public Option<bool> Create { get; } = new Option<bool>("--create", "-C") { Description = "Start with CREATE DATABASE and \\connect to it (restore from the maintenance database)." };

    public Option<bool> Clean { get; } = new Option<bool>("--clean", "-c") { Description = "Drop each object before creating it." };

    public Option<bool> IfExists { get; } = new Option<bool>("--if-exists") { Description = "Use IF EXISTS in the drops of --clean." };

    public Option<bool> QuoteAll { get; } = new Option<bool>("--quote-all-identifiers") { Description = "Quote every identifier." };

    public Option<string> Profile { get; } = new Option<string>("--profile") { Description = "default or supabase (leave out Supabase's managed schemas and roles).", DefaultValueFactory = _ => "default" };

    public Option<bool> Inserts { get; } = new Option<bool>("--inserts") { Description = "Dump data as INSERT statements instead of COPY." };

    public Option<bool> ColumnInserts { get; } = new Option<bool>("--column-inserts", "--attribute-inserts") { Description = "Dump data as INSERT statements with column names." };

    public Option<int?> RowsPerInsert { get; } = new Option<int?>("--rows-per-insert") { Description = "Rows per INSERT statement (implies --inserts).", HelpName = "N" };

    public Option<bool> OnConflict { get; } = new Option<bool>("--on-conflict-do-nothing") { Description = "Add ON CONFLICT DO NOTHING to INSERT statements." };

    public Option<bool> DisableTriggers { get; } = new Option<bool>("--disable-triggers") { Description = "In a data-only dump, disable triggers while each table's data is restored." };

    public Option<bool> EnableRowSecurity { get; } = new Option<bool>("--enable-row-security") { Description = "Dump only the rows row-level security lets this role see (refused by default); the archive header says so." };

    public Option<int> Jobs { get; } = new Option<int>("--jobs", "-j") { Description = "Parallel data workers sharing one snapshot.", DefaultValueFactory = _ => 1, HelpName = "N" };

    public Option<string?> Compress { get; } = new Option<string?>("--compress", "-Z") { Description = "none, gzip[:1-9], lz4[:1-12], zstd[:1-22] (or 0-9 as pg_dump). Default: from the file name; gzip with --output-dir.", HelpName = "METHOD[:LEVEL]" };

    public Option<string?> Format { get; } = new Option<string?>("--format", "-F") { Description = "p/plain: the only format pgsnap writes (plain SQL, restorable with psql). c, d and t are refused.", HelpName = "FORMAT" };

    public Option<string?> File { get; } = new Option<string?>("--file", "-f") { Description = "Write the archive to FILE (.sql, .sql.gz, .sql.lz4 or .sql.zst) or to an s3://bucket/key object. Default: stdout.", HelpName = "FILE" };

    public Option<string?> OutputDir { get; } = new Option<string?>("--output-dir") { Description = "Write backup_{env}_{yyyyMMdd}_{HHmmss}{±hhmm}_{label}.sql.gz into DIR (local time and its offset; created 0700 if missing), or under an s3://bucket/prefix/.", HelpName = "DIR" };

    public Option<bool> Utc { get; } = new Option<bool>("--utc") { Description = "Name the --output-dir file in UTC, without an offset (default: local time with its offset)." };

    public Option<string?> Env { get; } = new Option<string?>("--env") { Description = "Environment name for --output-dir file names (e.g. prod).", HelpName = "ENV" };

    public Option<string?> Label { get; } = new Option<string?>("--label") { Description = "Label for --output-dir file names (e.g. pre-migration).", HelpName = "LABEL" };

    public Option<bool> Force { get; } = new Option<bool>("--force") { Description = "Replace an existing output file." };

    public Option<bool> Progress { get; } = new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." };

    public Option<bool> Quiet { get; } = new Option<bool>("--quiet", "-q") { Description = "No progress and no summary line." };

    public Option<bool> WithRoles { get; } = new Option<bool>("--roles") { Description = "Also write the cluster's roles and memberships (never passwords) at the top of the dump; see pgsnap roles." };

    public Option<bool> AllowUnknownServer { get; } = new Option<bool>(ServerVersionPolicy.OverrideOption) { Description = "Dump a server major this pgsnap does not know (outside 13-18) as best effort, with a warning, instead of refusing." };

    public Option<bool> AllowUncovered { get; } = new Option<bool>("--allow-uncovered") { Description = "Dump even when the coverage audit finds objects, privileges, comments or rows this dump would leave out without an option saying so (otherwise refused, exit 6); the list goes into the archive header." };

    public Option<string?> Role { get; } = new Option<string?>("--role") { Description = "SET ROLE to this role after connecting (every session of the dump).", HelpName = "ROLENAME" };

    public Option<string?> LockWaitTimeout { get; } = new Option<string?>("--lock-wait-timeout") { Description = "Fail instead of waiting longer than TIMEOUT for a table's lock (e.g. 10s, or milliseconds).", HelpName = "TIMEOUT" };

    public Option<bool> SerializableDeferrable { get; } = new Option<bool>("--serializable-deferrable") { Description = "Take the snapshot in a SERIALIZABLE READ ONLY DEFERRABLE transaction (waits for a safe moment)." };

    public Option<string?> Snapshot { get; } = new Option<string?>("--snapshot") { Description = "Dump as of this snapshot exported by pg_export_snapshot() in another session.", HelpName = "SNAPSHOT" };

    public Option<bool> NoSync { get; } = new Option<bool>("--no-sync") { Description = "Do not fsync the finished archive (faster; not safe against a crash right after)." };

    public Option<string?> SyncMethod { get; } = new Option<string?>("--sync-method") { Description = "fsync (the only method pgsnap uses).", HelpName = "METHOD" };

    public Option<bool> LargeObjects { get; } = new Option<bool>("--large-objects", "--blobs", "-b") { Description = "Include large objects (pgsnap's default for a whole-database dump)." };

    public Option<bool> StrictNames { get; } = new Option<bool>("--strict-names") { Description = "A -n/-t/-e pattern that matches nothing is an error (pgsnap's default)." };

    public Option<string?> Encoding { get; } = new Option<string?>("--encoding", "-E") { Description = "UTF8, the only encoding pgsnap writes.", HelpName = "ENCODING" };

    public Option<bool> NoData { get; } = new Option<bool>("--no-data") { Description = "Same as --schema-only." };

    public Option<bool> NoSchema { get; } = new Option<bool>("--no-schema") { Description = "Same as --data-only." };

    public Option<bool> NoStatistics { get; } = new Option<bool>("--no-statistics") { Description = "Leave out planner statistics (pgsnap never dumps them)." };

    public Option<string?> Filter { get; } = new Option<string?>("--filter") { Description = "Read include/exclude table|schema and exclude table_data rules from FILE (pg_dump 17's format).", HelpName = "FILE" };

    public Option<bool> Json { get; } = new Option<bool>("--json") { Description = "Print a one-object JSON summary (stdout when writing a file, else stderr)." };

    public IReadOnlyList<(Option Option, string Reason)> Unsupported { get; }

    /// <summary>--section's values, checked (pre-data, data, post-data).</summary>
    public IReadOnlyList<PgSnap.Model.DumpSection> SectionsOf(ParseResult parseResult) =>
        [.. (parseResult.GetValue(Sections) ?? []).Select(PgSnap.Archive.ArchiveFormat.Sections.Parse)];

    /// <summary>The dump options the parsed arguments (and the --filter file's rules) ask for.</summary>
    public DumpOptions ToOptions(ParseResult parseResult, DumpFilterFile filterRules)
    {
        var rows = parseResult.GetValue(RowsPerInsert);
        return new DumpOptions
        {
            SchemaOnly = parseResult.GetValue(SchemaOnly) || parseResult.GetValue(NoData),
            DataOnly = parseResult.GetValue(DataOnly) || parseResult.GetValue(NoSchema),
            IncludeSchemas = [.. parseResult.GetValue(Schemas) ?? [], .. filterRules.IncludeSchemas],
            ExcludeSchemas = [.. parseResult.GetValue(ExcludeSchemas) ?? [], .. filterRules.ExcludeSchemas],
            IncludeTables = [.. parseResult.GetValue(Tables) ?? [], .. filterRules.IncludeTables],
            ExcludeTables = [.. parseResult.GetValue(ExcludeTables) ?? [], .. filterRules.ExcludeTables],
            ExcludeTableData = [.. parseResult.GetValue(ExcludeTableData) ?? [], .. filterRules.ExcludeTableData],
            IncludeExtensions = parseResult.GetValue(Extensions) ?? [],
            ExcludeExtensions = parseResult.GetValue(ExcludeExtensions) ?? [],
            Role = parseResult.GetValue(Role),
            LockWaitTimeout = parseResult.GetValue(LockWaitTimeout),
            SerializableDeferrable = parseResult.GetValue(SerializableDeferrable),
            Snapshot = parseResult.GetValue(Snapshot),
            NoSync = parseResult.GetValue(NoSync),
            StrictNames = parseResult.GetValue(StrictNames) || !parseResult.GetValue(NoStrictNames),
            NoOwner = parseResult.GetValue(NoOwner),
            NoAcl = parseResult.GetValue(NoAcl),
            NoComments = parseResult.GetValue(NoComments),
            NoPublications = parseResult.GetValue(NoPublications),
            NoSubscriptions = parseResult.GetValue(NoSubscriptions),
            NoSecurityLabels = parseResult.GetValue(NoSecurityLabels),
            NoPolicies = parseResult.GetValue(NoPolicies),
            NoTableAccessMethod = parseResult.GetValue(NoTableAccessMethod),
            NoToastCompression = parseResult.GetValue(NoToastCompression),
            NoUnloggedTableData = parseResult.GetValue(NoUnloggedTableData),
            NoTablespaces = parseResult.GetValue(NoTablespaces),
            NoLargeObjects = parseResult.GetValue(NoLargeObjects),
            Create = parseResult.GetValue(Create),
            SequenceData = parseResult.GetValue(SequenceData),
            Clean = parseResult.GetValue(Clean),
            IfExists = parseResult.GetValue(IfExists),
            QuoteAllIdentifiers = parseResult.GetValue(QuoteAll),
            Profile = parseResult.GetValue(Profile) == "supabase" ? DumpProfile.Supabase : DumpProfile.Default,
            Inserts = parseResult.GetValue(Inserts) || rows is not null,
            ColumnInserts = parseResult.GetValue(ColumnInserts),
            RowsPerInsert = rows ?? 1,
            OnConflictDoNothing = parseResult.GetValue(OnConflict),
            DisableTriggers = parseResult.GetValue(DisableTriggers),
            EnableRowSecurity = parseResult.GetValue(EnableRowSecurity),
            Jobs = parseResult.GetValue(Jobs),
            AllowUncovered = parseResult.GetValue(AllowUncovered),
        };
    }
}
