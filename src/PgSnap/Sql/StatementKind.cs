namespace PgSnap.Sql;

/// <summary>The statement shapes a restore treats specially.</summary>
public enum StatementKind
{
    Other,

    /// <summary><c>ALTER … OWNER TO role</c> (skipped with --no-owner).</summary>
    OwnerTo,

    /// <summary><c>GRANT</c>, <c>REVOKE</c> or <c>ALTER DEFAULT PRIVILEGES</c> (skipped with --no-acl).</summary>
    Privileges,

    /// <summary><c>SET [SESSION] standard_conforming_strings …</c>: changes how the splitter reads strings.</summary>
    SetStandardConformingStrings,
}
