using PgSnap.Connection;
using PgSnap.Verify;

namespace PgSnap.Verbs;

/// <summary>What <see cref="VerifyVerb.RunAsync"/> is asked to do: <c>pgsnap verify</c>'s arguments, parsed.</summary>
public sealed record VerifyRequest
{
    /// <summary>A PgSnap archive or pg_dump plain file (.sql, .sql.gz, .sql.lz4, .sql.zst), or "-" for <see cref="Stdin"/>.</summary>
    public required string Input { get; init; }

    /// <summary>Where "-" reads from.</summary>
    public Func<Stream> Stdin { get; init; } = static () => Stream.Null;

    /// <summary>--require-table, --require-rows.</summary>
    public VerifyOptions Options { get; init; } = new();

    /// <summary>
    /// --quick: judge completeness from the ends only (completion marker, manifest and its checksum, header block),
    /// without reading the other blocks; a file or s3:// object only, PgSnap archives only.
    /// </summary>
    public bool Quick { get; init; }

    /// <summary>--against: also compare tables, row counts and object definitions with this live database.</summary>
    public ConnectionSpec? Against { get; init; }
}
