namespace PgSnap.Model.Objects;

/// <summary>The dumped database itself (pg_database), for <c>pgsnap dump -C</c>.</summary>
/// <param name="LocaleProvider">datlocprovider: c (libc), i (icu) or b (builtin); null before PostgreSQL 15 (no LOCALE_PROVIDER clause).</param>
/// <param name="Locale">datlocale (17+) or daticulocale (15, 16); null when unset.</param>
/// <param name="IcuRules">daticurules (16+); null when unset.</param>
/// <param name="Tablespace">The default tablespace when it is not pg_default, else null.</param>
/// <param name="ConnectionLimit">datconnlimit (-1: no limit).</param>
/// <param name="Settings">pg_db_role_setting of the database for every role (setrole = 0), as name=value texts.</param>
/// <param name="RoleSettings">pg_db_role_setting of the database for one role each (ALTER ROLE … IN DATABASE).</param>
internal sealed record DatabaseRecord(
    string Name,
    string Owner,
    string Encoding,
    char? LocaleProvider,
    string Collate,
    string Ctype,
    string? Locale,
    string? IcuRules,
    string? Tablespace,
    int ConnectionLimit,
    string[]? Acl,
    string[] AclDefault,
    string? Comment,
    IReadOnlyList<string> Settings,
    IReadOnlyList<(string Role, string Setting)> RoleSettings);
