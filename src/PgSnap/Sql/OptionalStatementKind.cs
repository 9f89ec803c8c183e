namespace PgSnap.Sql;

/// <summary>Statements a restore can leave out on request, by what they do (see <see cref="OptionalStatementClassifier"/>).</summary>
public enum OptionalStatementKind
{
    /// <summary>Always run.</summary>
    None,

    /// <summary><c>ALTER … OWNER TO</c>, <c>SET SESSION AUTHORIZATION</c>, <c>RESET SESSION AUTHORIZATION</c>: --no-owner.</summary>
    Ownership,

    /// <summary><c>GRANT</c>, <c>REVOKE</c>, <c>ALTER DEFAULT PRIVILEGES</c>: --no-acl.</summary>
    Privileges,

    /// <summary><c>COMMENT ON</c>: --no-comments.</summary>
    Comment,
}
