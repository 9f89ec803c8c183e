using PgSnap.Dump;

namespace PgSnap.Roles;

/// <summary>What a roles script holds and how it treats platform roles.</summary>
public sealed record RoleScriptOptions
{
    /// <summary>Supabase: the platform's reserved roles are written commented out (see <see cref="ReservedRoles"/>).</summary>
    public DumpProfile Profile { get; init; } = DumpProfile.Default;

    /// <summary>Leave out COMMENT ON ROLE.</summary>
    public bool NoComments { get; init; }

    /// <summary>
    /// Only roles whose names match one of these patterns (<c>*</c> any text, <c>?</c> one character); empty means
    /// every role. Memberships are kept when their member is selected.
    /// </summary>
    public IReadOnlyList<string> RolePatterns { get; init; } = [];
}
