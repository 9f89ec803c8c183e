namespace PgSnap.Connection;

/// <summary>
/// What target_session_attrs judges a server by (<see cref="TargetSessionAttrs"/>). From 14 on the server reports
/// both at startup (ParameterStatus <c>in_hot_standby</c> and <c>default_transaction_read_only</c>), which is what
/// libpq reads then; before 14 they are asked with <see cref="Query"/>.
/// </summary>
public sealed record ServerState(bool InHotStandby, bool ReadOnly)
{
    /// <summary>The query for servers that report neither: one row, two booleans.</summary>
    public const string Query = "SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.current_setting('transaction_read_only')::boolean";

    /// <summary>The state from the startup parameters, or null when the server did not report both (before 14).</summary>
    public static ServerState? FromParameters(Func<string, string?> parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var standby = parameter("in_hot_standby");
        var readOnly = parameter("default_transaction_read_only");
        return standby is null || readOnly is null ? null : new ServerState(standby == "on", readOnly == "on");
    }
}
