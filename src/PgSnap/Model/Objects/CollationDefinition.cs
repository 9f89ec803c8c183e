namespace PgSnap.Model.Objects;

/// <summary>What pg_collation says about one collation, as the CREATE COLLATION needs it.</summary>
/// <param name="Provider">collprovider: c (libc), i (ICU) or b (builtin).</param>
/// <param name="Locale">The ICU or builtin locale (colllocale, colliculocale before 17), else null.</param>
/// <param name="Encoding">collencoding: -1 when usable with any database encoding.</param>
internal sealed record CollationDefinition(char Provider, string? Collate, string? Ctype, string? Locale, string? Rules, bool Deterministic, int Encoding);
