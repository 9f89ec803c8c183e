using System.Globalization;

namespace PgSnap.Connection;

/// <summary>
/// The servers a spec names, in the order libpq tries them: <c>host=a,b port=1,2</c> pairs hosts and ports one to one,
/// a single port serves every host, an empty host is the default socket directory and an empty port 5432.
/// </summary>
public static class ConnectionTargets
{
    /// <summary>One single-host spec per server to try, in order (just <paramref name="spec"/> when it names one).</summary>
    public static IReadOnlyList<ConnectionSpec> Candidates(ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.HasSeveralHosts)
        {
            return [spec];
        }

        var hosts = (spec.Host ?? string.Empty).Split(',');
        var ports = spec.PortList?.Split(',') ?? [spec.Port?.ToString(CultureInfo.InvariantCulture) ?? string.Empty];
        if (ports.Length != 1 && ports.Length != hosts.Length)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"invalid connection string: {ports.Length} port numbers do not match {hosts.Length} hosts");
        }

        var candidates = new List<ConnectionSpec>(hosts.Length);
        for (var i = 0; i < hosts.Length; i++)
        {
            var portText = ports.Length == 1 ? ports[0] : ports[i];
            var port = portText.Length == 0 ? 5432 : int.Parse(portText, NumberStyles.None, CultureInfo.InvariantCulture);
            var host = hosts[i].Length == 0 ? ConnectionResolver.DefaultHost(port) : hosts[i];
            candidates.Add(spec with { Host = host, Port = port, PortList = null });
        }

        return candidates;
    }

    /// <summary>
    /// The spec narrowed to the server a connection settled on (for sessions that must reach that same server, such as
    /// a dump's workers importing the leader's snapshot); <paramref name="spec"/> itself when it names one server.
    /// </summary>
    public static ConnectionSpec PinTo(ConnectionSpec spec, string? host, int port)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return NeedsSelection(spec) && host is not null
            ? spec with { Host = host, Port = port, PortList = null, TargetSessionAttrs = null }
            : spec;
    }

    /// <summary>The target_session_attrs in force (any when none was given).</summary>
    public static string Attrs(ConnectionSpec spec) => spec.TargetSessionAttrs ?? TargetSessionAttrs.Any;

    /// <summary>
    /// The passes over the candidates: one, except for prefer-standby, which looks for a standby first and then takes
    /// any server, as libpq does.
    /// </summary>
    public static IReadOnlyList<string> Passes(ConnectionSpec spec) => Attrs(spec) == TargetSessionAttrs.PreferStandby
        ? ["standby", TargetSessionAttrs.Any]
        : [Attrs(spec)];

    /// <summary>Whether opening needs more than one plain attempt at one server.</summary>
    public static bool NeedsSelection(ConnectionSpec spec) => spec.HasSeveralHosts || Attrs(spec) != TargetSessionAttrs.Any;
}
