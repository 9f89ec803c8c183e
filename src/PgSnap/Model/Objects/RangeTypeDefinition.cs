namespace PgSnap.Model.Objects;

/// <summary>A range type (pg_range): the options of CREATE TYPE … AS RANGE that differ from their defaults.</summary>
/// <param name="Subtype">The subtype, formatted.</param>
/// <param name="Opclass">The subtype's operator class when it is not the default one, else null.</param>
/// <param name="Collation">The range's collation when it differs from the subtype's, else null.</param>
/// <param name="Canonical">The canonical function as regproc text, or null.</param>
/// <param name="SubtypeDiff">The subtype_diff function as regproc text, or null.</param>
/// <param name="Multirange">The multirange type the range brings (14+), else null.</param>
internal sealed record RangeTypeDefinition(
    string Subtype,
    CatalogName? Opclass,
    CatalogName? Collation,
    string? Canonical,
    string? SubtypeDiff,
    MultirangeRecord? Multirange) : TypeDefinition;

/// <summary>The multirange type of a range type, created with it.</summary>
/// <param name="Acl">
/// Its own privileges, read on 14 and 15 only: before 16 a multirange type has privileges of its own (GRANT and
/// REVOKE accept it; 16 refuses them and checks the range type's instead), which its range type's CREATE TYPE does
/// not set. Null from 16 on, and when unset.
/// </param>
/// <param name="DefaultAcl">The owner's default ACL of the multirange type, the baseline of <paramref name="Acl"/>.</param>
internal sealed record MultirangeRecord(uint Oid, CatalogName Name, string[]? Acl, string[]? DefaultAcl);
