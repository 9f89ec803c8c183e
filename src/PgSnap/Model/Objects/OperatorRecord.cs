namespace PgSnap.Model.Objects;

/// <summary>A schema-qualified operator name other than the record's own (its commutator or negator).</summary>
internal sealed record OperatorName(string Schema, string Name);

/// <summary>A user operator (pg_operator) of a dumped schema.</summary>
/// <param name="Left">The left argument type, formatted, or null for a prefix operator.</param>
/// <param name="Right">The right argument type, formatted, or null.</param>
/// <param name="Function">oprcode as regproc text.</param>
/// <param name="Restrict">The restriction estimator as regproc text, or null.</param>
/// <param name="Join">The join estimator as regproc text, or null.</param>
internal sealed record OperatorRecord(
    uint Oid,
    string Schema,
    string Name,
    string Owner,
    string? Left,
    string? Right,
    string Function,
    OperatorName? Commutator,
    OperatorName? Negator,
    string? Restrict,
    string? Join,
    bool Hashes,
    bool Merges,
    Description Description);
