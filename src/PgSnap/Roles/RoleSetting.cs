namespace PgSnap.Roles;

/// <summary>
/// A role's configuration default from <c>pg_db_role_setting</c> (<c>ALTER ROLE … [IN DATABASE …] SET name TO value</c>).
/// </summary>
/// <param name="Database">The database it applies in, or null for every database.</param>
/// <param name="Name">The setting's name, e.g. <c>statement_timeout</c> or <c>pgrst.db_schemas</c>.</param>
/// <param name="Value">The value as the server stored it (a list setting keeps its commas and double quotes).</param>
public sealed record RoleSetting(string Role, string? Database, string Name, string Value);
