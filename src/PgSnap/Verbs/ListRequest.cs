namespace PgSnap.Verbs;

/// <summary>What <see cref="ListVerb.RunAsync"/> is asked to list.</summary>
public sealed record ListRequest
{
    /// <summary>A PgSnap archive or pg_dump plain file, or "-" for <see cref="Stdin"/>.</summary>
    public required string Input { get; init; }

    /// <summary>Where "-" reads from.</summary>
    public Func<Stream> Stdin { get; init; } = static () => Stream.Null;
}
