namespace PgSnap.Dump;

/// <summary>
/// What to dump and how. Names and meanings follow pg_dump's options so a pg_dump user guesses right.
/// Patterns are psql-style (<c>*</c>, <c>?</c>, quoted parts kept literally, <c>schema.table</c>).
/// </summary>
public sealed record DumpOptions
{
    public bool SchemaOnly { get; init; }

    public bool DataOnly { get; init; }

    /// <summary>
    /// --section: the sections written (empty: all). pg_dump's split: pre-data is every definition that comes before
    /// the rows, data the rows, sequence values and large objects, post-data indexes, triggers, rules, constraints
    /// other than check/not-null, policies and event triggers. Without data the dump is a --schema-only one; data
    /// alone is a --data-only one (<see cref="WithSections"/>); pre-data or post-data alone drops the other half.
    /// </summary>
    public IReadOnlyList<Model.DumpSection> Sections { get; init; } = [];

    /// <summary>Whether <paramref name="section"/> is written under --section (always without it).</summary>
    public bool Writes(Model.DumpSection section) => Sections.Count == 0 || Sections.Contains(section);

    /// <summary>
    /// These options under --section <paramref name="sections"/>: without data, --schema-only; data alone, --data-only
    /// (so the sections reuse what -s and -a do). -s or -a leaving no section to write is a usage error.
    /// </summary>
    public DumpOptions WithSections(IReadOnlyList<Model.DumpSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count == 0)
        {
            return this;
        }

        var wanted = sections.Distinct().Where(s => !(SchemaOnly && s == Model.DumpSection.Data) && !(DataOnly && s != Model.DumpSection.Data)).Order().ToList();
        if (wanted.Count == 0)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"--section {string.Join(", ", sections.Distinct().Select(Archive.Writing.BlockInfo.SectionName))} with {(SchemaOnly ? "-s/--schema-only" : "-a/--data-only")} leaves nothing to dump");
        }

        var data = wanted.Contains(Model.DumpSection.Data);
        var schemaOnly = SchemaOnly || !data;
        var dataOnly = DataOnly || (data && wanted.Count == 1);

        // Only a split that -s/-a do not already make is kept (pre-data or post-data without the other).
        var whole = dataOnly ? 1 : schemaOnly ? 2 : 3;
        return this with
        {
            Sections = wanted.Count == whole ? [] : wanted,
            SchemaOnly = schemaOnly,
            DataOnly = dataOnly,
            SequenceData = SequenceData && sections.Contains(Model.DumpSection.Data),
        };
    }

    /// <summary>-n: only these schemas.</summary>
    public IReadOnlyList<string> IncludeSchemas { get; init; } = [];

    /// <summary>-N: never these schemas.</summary>
    public IReadOnlyList<string> ExcludeSchemas { get; init; } = [];

    /// <summary>-t: only these tables (and views, sequences, foreign tables…).</summary>
    public IReadOnlyList<string> IncludeTables { get; init; } = [];

    /// <summary>-T: never these tables.</summary>
    public IReadOnlyList<string> ExcludeTables { get; init; } = [];

    /// <summary>--exclude-table-data: the definition is dumped, the rows are not.</summary>
    public IReadOnlyList<string> ExcludeTableData { get; init; } = [];

    /// <summary>-e: only the extensions matching these patterns are created (pg_dump 14+).</summary>
    public IReadOnlyList<string> IncludeExtensions { get; init; } = [];

    /// <summary>--exclude-extension: the extensions matching these patterns are not created (pg_dump 17+).</summary>
    public IReadOnlyList<string> ExcludeExtensions { get; init; } = [];

    /// <summary>
    /// pg_dump's include_everything: no -n, -t or -e narrowed the dump. Otherwise the objects that live outside
    /// schemas (casts, languages, publications, large objects…) are left out, as pg_dump does.
    /// </summary>
    public bool IncludesEverything => IncludeSchemas.Count == 0 && IncludeTables.Count == 0 && IncludeExtensions.Count == 0;

    /// <summary>A -t/-n/-e pattern that matches nothing is an error unless this is false.</summary>
    public bool StrictNames { get; init; } = true;

    public bool NoOwner { get; init; }

    public bool NoAcl { get; init; }

    public bool NoComments { get; init; }

    public bool NoPublications { get; init; }

    /// <summary>
    /// --no-subscriptions. Without it, subscriptions are dumped when the user is a superuser (only superusers can
    /// read their connection strings), as pg_dump does.
    /// </summary>
    public bool NoSubscriptions { get; init; }

    public bool NoSecurityLabels { get; init; }

    /// <summary>--no-policies: no CREATE POLICY and no ENABLE ROW LEVEL SECURITY, as pg_dump 18 leaves both out.</summary>
    public bool NoPolicies { get; init; }

    /// <summary>--no-table-access-method: tables and materialized views are created without USING, so they take the target's default.</summary>
    public bool NoTableAccessMethod { get; init; }

    /// <summary>--no-toast-compression: no SET COMPRESSION of columns, so they take the target's default_toast_compression.</summary>
    public bool NoToastCompression { get; init; }

    /// <summary>--no-unlogged-table-data: unlogged tables are dumped without their rows.</summary>
    public bool NoUnloggedTableData { get; init; }

    public bool NoTablespaces { get; init; }

    public bool NoLargeObjects { get; init; }

    /// <summary>
    /// -C: the dump starts with CREATE DATABASE (from template0, with the database's encoding, locale, owner,
    /// comment, settings and privileges) and <c>\connect</c> to it; restored from the maintenance database. With
    /// --clean only the database is dropped first, as pg_dump -C -c does.
    /// </summary>
    public bool Create { get; init; }

    /// <summary>
    /// --sequence-data (pg_dump 18): sequence values are written even in a dump without data (-s, --no-data), as
    /// pg_dump then writes its SEQUENCE SET entries; a dump with data has them anyway. --section without data
    /// leaves them out, as pg_dump's section filter does.
    /// </summary>
    public bool SequenceData { get; init; }

    /// <summary>-c: drop each object before creating it.</summary>
    public bool Clean { get; init; }

    /// <summary>--if-exists: the drops of --clean use IF EXISTS.</summary>
    public bool IfExists { get; init; }

    public bool QuoteAllIdentifiers { get; init; }

    public DumpProfile Profile { get; init; } = DumpProfile.Default;

    /// <summary>--inserts: INSERT statements instead of COPY.</summary>
    public bool Inserts { get; init; }

    /// <summary>--column-inserts: INSERT statements that name their columns.</summary>
    public bool ColumnInserts { get; init; }

    /// <summary>--rows-per-insert: rows per INSERT in INSERT mode (1 = one row each).</summary>
    public int RowsPerInsert { get; init; } = 1;

    public bool OnConflictDoNothing { get; init; }

    /// <summary>--disable-triggers (data-only): disable triggers around each table's data.</summary>
    public bool DisableTriggers { get; init; }

    /// <summary>
    /// --enable-row-security: read with row_security on, so a role subject to row-level security dumps the rows it
    /// can see instead of being refused; the archive header then says the data may be partial.
    /// </summary>
    public bool EnableRowSecurity { get; init; }

    /// <summary>
    /// --allow-uncovered: dump even when the coverage audit finds objects, privileges, comments or rows the dump would
    /// leave out without an option saying so; the list goes into the archive header. Without it such a dump is refused.
    /// </summary>
    public bool AllowUncovered { get; init; }

    /// <summary>--role: every session of the dump runs <c>SET ROLE</c> to this role after connecting, as pg_dump does.</summary>
    public string? Role { get; init; }

    /// <summary>
    /// --lock-wait-timeout: how long the dump waits for each table's ACCESS SHARE lock (a PostgreSQL interval such as
    /// <c>10s</c> or milliseconds) before failing, instead of queueing behind a long ALTER TABLE; null waits for ever.
    /// </summary>
    public string? LockWaitTimeout { get; init; }

    /// <summary>
    /// --serializable-deferrable: the snapshot comes from a SERIALIZABLE READ ONLY DEFERRABLE transaction, which waits
    /// until it cannot see an anomaly, so the backup is consistent with every serializable transaction's outcome.
    /// </summary>
    public bool SerializableDeferrable { get; init; }

    /// <summary>--snapshot: dump as of this exported snapshot (from <c>pg_export_snapshot()</c> of a live session).</summary>
    public string? Snapshot { get; init; }

    /// <summary>--no-sync: skip the fsync of the finished archive and its folder (faster, not crash-safe).</summary>
    public bool NoSync { get; init; }

    /// <summary>-j: parallel data workers sharing one snapshot.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>
    /// Refuses combinations of these options that cannot work, before anything connects (usage errors, exit 2).
    /// <see cref="DumpJob"/> checks again, with what needs the connection and the output too.
    /// </summary>
    public void Validate()
    {
        if (IfExists && !Clean)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "option --if-exists requires option -c/--clean");
        }

        if (SchemaOnly && DataOnly)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "options -s/--schema-only and -a/--data-only cannot be used together");
        }

        if (Jobs < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j/--jobs must be at least 1");
        }

        if (RowsPerInsert < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--rows-per-insert must be at least 1");
        }

        if (OnConflictDoNothing && !Inserts && !ColumnInserts && RowsPerInsert == 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "option --on-conflict-do-nothing requires option --inserts, --rows-per-insert, or --column-inserts");
        }

        if (Snapshot is { } snapshot && !IsSnapshotName(snapshot))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"invalid snapshot \"{snapshot}\": give what pg_export_snapshot() returned (e.g. 00000003-0000001B-1)");
        }

        if (Snapshot is not null && SerializableDeferrable)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--snapshot and --serializable-deferrable cannot be used together: the snapshot is the one given");
        }
    }

    /// <summary>What pg_export_snapshot() returns: hexadecimal groups joined by dashes (it goes into SQL text).</summary>
    private static bool IsSnapshotName(string text)
    {
        var groups = text.Split('-');
        return groups.Length >= 2 && groups.All(g => g.Length > 0 && g.All(char.IsAsciiHexDigit));
    }
}
