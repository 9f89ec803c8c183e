namespace PgSnap.Sql;

/// <summary>What the restore needs to know about one statement.</summary>
/// <param name="Kind">Its shape.</param>
/// <param name="Roles">Roles it names as owner or grantee (never PUBLIC or CURRENT_USER and the like).</param>
/// <param name="StandardConformingStrings">The new setting, for <see cref="StatementKind.SetStandardConformingStrings"/>.</param>
public sealed record StatementInfo(StatementKind Kind, IReadOnlyList<string> Roles, bool? StandardConformingStrings = null)
{
    public static readonly StatementInfo Other = new(StatementKind.Other, []);
}
