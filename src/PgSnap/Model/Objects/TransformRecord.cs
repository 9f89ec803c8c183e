namespace PgSnap.Model.Objects;

/// <summary>A transform (pg_transform): how one type crosses into one procedural language.</summary>
/// <param name="Type">The type, formatted (format_type).</param>
/// <param name="FromSql">The FROM SQL function as regprocedure text, or null.</param>
/// <param name="ToSql">The TO SQL function as regprocedure text, or null.</param>
internal sealed record TransformRecord(uint Oid, string Type, string Language, string? FromSql, string? ToSql, Description Description);
