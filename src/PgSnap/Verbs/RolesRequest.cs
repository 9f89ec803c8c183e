using PgSnap.Connection;
using PgSnap.Roles;

namespace PgSnap.Verbs;

/// <summary>What <see cref="RolesVerb.RunAsync"/> is asked to do: <c>pgsnap roles</c>'s arguments, parsed.</summary>
public sealed record RolesRequest
{
    /// <summary>Any database of the cluster whose roles are written.</summary>
    public required ConnectionSpec Source { get; init; }

    /// <summary>--profile, --role patterns, --no-comments.</summary>
    public RoleScriptOptions Options { get; init; } = new();

    /// <summary>-f: the file (written as FILE.partial, renamed when complete); null writes to <see cref="Output"/>.</summary>
    public string? Path { get; init; }

    /// <summary>--force: replace an existing file.</summary>
    public bool Force { get; init; }

    /// <summary>Where the script goes when <see cref="Path"/> is null.</summary>
    public Stream? Output { get; init; }
}
