namespace PgSnap.Model.Objects;

/// <summary>A base type (CREATE TYPE with INPUT/OUTPUT functions) or a shell type never completed (pg_type).</summary>
/// <param name="Type">typtype: b (base) or p (a shell: CREATE TYPE name; only).</param>
/// <param name="InitialAcl">pg_init_privs' ACL, or the owner's default: the baseline of <paramref name="Acl"/>.</param>
/// <param name="ArrayType">typarray: the array type that comes with it, or 0.</param>
/// <param name="Length">typlen: -1 for a variable length.</param>
/// <param name="Alignment">typalign: c, s, i or d.</param>
/// <param name="Storage">typstorage: p, e, m or x.</param>
/// <param name="Category">typcategory: U (user) unless the type says otherwise.</param>
/// <param name="Default">typdefault, the default's text, or null.</param>
/// <param name="Functions">The type's support functions as regproc text.</param>
/// <param name="Element">The element type, formatted, of a fixed-length array-like type, or null.</param>
internal sealed record BaseTypeRecord(
    uint Oid,
    string Schema,
    string Name,
    char Type,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    uint ArrayType,
    short Length,
    bool ByValue,
    char Alignment,
    char Storage,
    char Category,
    bool Preferred,
    string? Default,
    string Delimiter,
    BaseTypeFunctions Functions,
    string? Element,
    bool Collatable,
    Description Description);

/// <summary>A base type's support functions (regproc text); all but input and output may be missing.</summary>
/// <param name="Subscript">typsubscript (14+), or null.</param>
internal sealed record BaseTypeFunctions(
    string? Input,
    string? Output,
    string? Receive,
    string? Send,
    string? TypmodIn,
    string? TypmodOut,
    string? Analyze,
    string? Subscript);
