namespace PgSnap.Restore;

/// <summary>How to restore (docs/ARCHITECTURE.md, "restore"); names follow pg_restore where the meaning is the same.</summary>
public sealed record RestoreOptions
{
    /// <summary>-1: run everything in one transaction; on failure nothing is left behind.</summary>
    public bool SingleTransaction { get; init; }

    /// <summary>
    /// --no-single-transaction: a restore into a target that already holds user objects (--clean, --force, a
    /// data-only archive) runs in one transaction by default, so a failure leaves the target as it was; this opts
    /// out (for restores too large for one transaction, and for -j). --clean's drops still run in a transaction of
    /// their own.
    /// </summary>
    public bool NoSingleTransaction { get; init; }

    /// <summary>-c: drop what the archive will create before creating it (implies consent to a non-empty target).</summary>
    public bool Clean { get; init; }

    /// <summary>
    /// -C: create the target database (the URL names it; CREATE DATABASE runs on the maintenance database) and restore
    /// into it; a restore that fails drops it again. Refused when it exists.
    /// </summary>
    public bool Create { get; init; }

    /// <summary>--force: restore into a database that already holds user objects.</summary>
    public bool Force { get; init; }

    /// <summary>-O: skip ALTER … OWNER TO and SET/RESET SESSION AUTHORIZATION.</summary>
    public bool NoOwner { get; init; }

    /// <summary>
    /// --use-set-session-authorization: each entry is created by its owner (SET SESSION AUTHORIZATION before it, as
    /// the entry line names the owner) instead of being handed over by ALTER … OWNER TO, which is left out. Needs a
    /// superuser session; no effect with --no-owner.
    /// </summary>
    public bool UseSetSessionAuthorization { get; init; }

    /// <summary>
    /// --disable-triggers (data-only restores): ALTER TABLE … DISABLE TRIGGER ALL before each table's rows and ENABLE
    /// after them, so foreign keys and user triggers do not fire while rows arrive in any order. Needs a superuser.
    /// </summary>
    public bool DisableTriggers { get; init; }

    /// <summary>-x: skip GRANT / REVOKE / ALTER DEFAULT PRIVILEGES.</summary>
    public bool NoAcl { get; init; }

    /// <summary>--no-comments: skip COMMENT ON.</summary>
    public bool NoComments { get; init; }

    /// <summary>--no-policies: skip CREATE POLICY, ENABLE ROW LEVEL SECURITY and comments on policies.</summary>
    public bool NoPolicies { get; init; }

    /// <summary>--no-publications: skip CREATE/ALTER PUBLICATION and their comments and security labels.</summary>
    public bool NoPublications { get; init; }

    /// <summary>--no-subscriptions: skip CREATE/ALTER SUBSCRIPTION and their comments and security labels.</summary>
    public bool NoSubscriptions { get; init; }

    /// <summary>--no-security-labels: skip SECURITY LABEL.</summary>
    public bool NoSecurityLabels { get; init; }

    /// <summary>--no-tablespaces: skip SET default_tablespace, so everything lands in the target's default tablespace.</summary>
    public bool NoTablespaces { get; init; }

    /// <summary>
    /// --no-table-access-method: skip SET default_table_access_method and ALTER TABLE … SET ACCESS METHOD, and cut
    /// the USING clause out of CREATE TABLE / CREATE MATERIALIZED VIEW, so tables take the target's default.
    /// </summary>
    public bool NoTableAccessMethod { get; init; }

    /// <summary>--no-statistics: skip the pg_restore_relation_stats / pg_restore_attribute_stats calls of a pg_dump 18 file.</summary>
    public bool NoStatistics { get; init; }

    /// <summary>
    /// --enable-row-security: every restore session runs with row_security = on (the archive's own SET row_security
    /// is skipped), so rows load into tables with row-level security as a role that does not bypass it.
    /// </summary>
    public bool EnableRowSecurity { get; init; }

    /// <summary>Whether these options leave a statement of this kind out (any of its kinds is enough).</summary>
    public bool Skips(PgSnap.Sql.OptionalStatementKind kind)
    {
        var skipped = PgSnap.Sql.OptionalStatementKind.None;
        void When(bool option, PgSnap.Sql.OptionalStatementKind k)
        {
            if (option)
            {
                skipped |= k;
            }
        }

        When(NoOwner, PgSnap.Sql.OptionalStatementKind.Ownership);
        When(NoAcl, PgSnap.Sql.OptionalStatementKind.Privileges);
        When(NoComments, PgSnap.Sql.OptionalStatementKind.Comment);
        When(NoPolicies, PgSnap.Sql.OptionalStatementKind.Policy);
        When(NoPublications, PgSnap.Sql.OptionalStatementKind.Publication);
        When(NoSubscriptions, PgSnap.Sql.OptionalStatementKind.Subscription);
        When(NoSecurityLabels, PgSnap.Sql.OptionalStatementKind.SecurityLabel);
        When(NoTablespaces, PgSnap.Sql.OptionalStatementKind.Tablespace);
        When(NoTableAccessMethod, PgSnap.Sql.OptionalStatementKind.TableAccessMethod);
        When(NoStatistics, PgSnap.Sql.OptionalStatementKind.Statistics);
        When(EnableRowSecurity, PgSnap.Sql.OptionalStatementKind.RowSecuritySetting);
        return (kind & skipped) != 0;
    }

    /// <summary>--role: every restore connection runs <c>SET ROLE</c> to it right after connecting.</summary>
    public string? Role { get; init; }

    /// <summary>List what would run instead of running it (no connection is made).</summary>
    public bool DryRun { get; init; }

    /// <summary>-j: connections for data and post-data of a seekable PgSnap archive.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Follow <c>\connect</c> to another database on the same server.</summary>
    public bool AllowConnect { get; init; }

    /// <summary>--allow-downgrade: restore an archive dumped from a newer server major (see <see cref="Target.RestoreVersionGuard"/>).</summary>
    public bool AllowDowngrade { get; init; }

    /// <summary>Receives progress now and then (from one thread at a time).</summary>
    public Action<RestoreProgress>? Progress { get; init; }

    /// <summary>-t, -n, -s, --section, -L…: which entries of a PgSnap archive to restore (null: all).</summary>
    public Selection.RestoreSelection? Selection { get; init; }

    /// <summary>-l: print the archive's table of contents (to <see cref="DryRunOutput"/>) instead of restoring.</summary>
    public bool List { get; init; }

    /// <summary>Where --dry-run and -l write their listing.</summary>
    public TextWriter? DryRunOutput { get; init; }
}
