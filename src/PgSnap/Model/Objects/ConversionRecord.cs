namespace PgSnap.Model.Objects;

/// <summary>A user encoding conversion (pg_conversion) of a dumped schema.</summary>
/// <param name="From">The source encoding's name.</param>
/// <param name="To">The target encoding's name.</param>
/// <param name="Function">The conversion function as regproc text.</param>
/// <param name="IsDefault">condefault: the default conversion between the two encodings.</param>
internal sealed record ConversionRecord(uint Oid, string Schema, string Name, string Owner, string From, string To, string Function, bool IsDefault, Description Description);
