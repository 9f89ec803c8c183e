namespace PgSnap.Connection;

/// <summary>
/// libpq's <c>target_session_attrs</c>: which of several hosts a connection may settle on. The decision is made here
/// from two facts about a server, so the Npgsql path and the wire client judge a server the same way: whether it is
/// a hot standby (<c>in_hot_standby</c>, or <c>pg_is_in_recovery()</c> before 14) and whether its sessions are
/// read-only (<c>default_transaction_read_only</c>, as libpq reads it from 14 on; <c>transaction_read_only</c> before).
/// </summary>
public static class TargetSessionAttrs
{
    public const string Any = "any";
    public const string PreferStandby = "prefer-standby";

    public static string Normalize(string value) => value.ToLowerInvariant() switch
    {
        "any" or "read-write" or "read-only" or "primary" or "standby" or "prefer-standby" => value.ToLowerInvariant(),
        _ => throw new PgSnapException(
            PgSnapErrorKind.Usage,
            $"invalid target_session_attrs \"{value}\": use any, read-write, read-only, primary, standby or prefer-standby"),
    };

    /// <summary>Whether a server of this state is acceptable; prefer-standby's first pass asks for <c>standby</c>.</summary>
    public static bool Accepts(string attrs, bool inHotStandby, bool readOnly) => attrs switch
    {
        "read-write" => !readOnly,
        "read-only" => readOnly,
        "primary" => !inHotStandby,
        "standby" => inHotStandby,
        _ => true,
    };

    /// <summary>Whether accepting needs the server's state at all (any, and prefer-standby's last pass, do not).</summary>
    public static bool NeedsServerState(string attrs) => attrs is not Any;

    /// <summary>Why a server was passed over, for the error when no host is left.</summary>
    public static string Refusal(string attrs) => attrs switch
    {
        "read-write" => "the session is read-only",
        "read-only" => "the session is not read-only",
        "primary" => "the server is in hot standby mode",
        "standby" => "the server is not in hot standby mode",
        _ => "the server was not acceptable",
    };
}
