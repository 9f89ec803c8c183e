namespace PgSnap.Sql;

/// <summary>
/// Statements a restore can leave out on request, by what they do and what they are on (see
/// <see cref="OptionalStatementClassifier"/>). A statement can be several at once: <c>ALTER PUBLICATION … OWNER TO</c>
/// is left out by --no-owner and by --no-publications.
/// </summary>
[Flags]
public enum OptionalStatementKind
{
    /// <summary>Always run.</summary>
    None = 0,

    /// <summary><c>ALTER … OWNER TO</c>, <c>SET SESSION AUTHORIZATION</c>, <c>RESET SESSION AUTHORIZATION</c>: --no-owner.</summary>
    Ownership = 1,

    /// <summary><c>GRANT</c>, <c>REVOKE</c>, <c>ALTER DEFAULT PRIVILEGES</c>: --no-acl.</summary>
    Privileges = 2,

    /// <summary><c>COMMENT ON</c>: --no-comments.</summary>
    Comment = 4,

    /// <summary>
    /// <c>CREATE POLICY</c>, <c>ALTER TABLE … ENABLE ROW LEVEL SECURITY</c> and <c>COMMENT ON POLICY</c>: --no-policies
    /// (pg_restore's POLICY and ROW SECURITY entries; FORCE ROW LEVEL SECURITY belongs to the table and stays).
    /// </summary>
    Policy = 8,

    /// <summary><c>CREATE/ALTER PUBLICATION</c> and comments and security labels on one: --no-publications.</summary>
    Publication = 16,

    /// <summary><c>CREATE/ALTER SUBSCRIPTION</c> and comments and security labels on one: --no-subscriptions.</summary>
    Subscription = 32,

    /// <summary><c>SECURITY LABEL</c>: --no-security-labels.</summary>
    SecurityLabel = 64,

    /// <summary><c>SET default_tablespace</c>: --no-tablespaces (pg_dump and pgsnap name tablespaces only that way).</summary>
    Tablespace = 128,

    /// <summary>
    /// <c>SET default_table_access_method</c> and <c>ALTER TABLE … SET ACCESS METHOD</c>: --no-table-access-method
    /// (an inline <c>USING</c> clause is cut out of its statement instead, see <see cref="TableAccessMethodClause"/>).
    /// </summary>
    TableAccessMethod = 256,

    /// <summary><c>SELECT … pg_restore_relation_stats(…)</c> / <c>pg_restore_attribute_stats(…)</c> of a pg_dump 18 file: --no-statistics.</summary>
    Statistics = 512,

    /// <summary><c>SET row_security</c>: --enable-row-security sets it on for the whole session instead.</summary>
    RowSecuritySetting = 1024,
}
