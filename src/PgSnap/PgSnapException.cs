namespace PgSnap;

/// <summary>
/// The one exception type the engine lets out on purpose. Its message is a single line that is safe
/// to print: it never holds a password or a full connection string.
/// </summary>
public sealed class PgSnapException : Exception
{
    public PgSnapException(PgSnapErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public PgSnapErrorKind Kind { get; }

    /// <summary>SQLSTATE of the server error behind this one, when there is one.</summary>
    public string? SqlState { get; init; }
}
