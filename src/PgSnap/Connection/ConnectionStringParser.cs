using System.Globalization;
using System.Text;

namespace PgSnap.Connection;

/// <summary>
/// Parses what a user passes to <c>--url</c>/<c>-d</c>: a <c>postgresql://</c> (or <c>postgres://</c>) URL,
/// or a libpq key=value string. Unknown parameters are refused rather than silently ignored, so a typo in
/// <c>sslmode</c> cannot quietly downgrade a connection. Errors never echo the input (it may hold a password):
/// they name the part that is wrong from the parsed pieces, and a key or value is quoted back only when it cannot
/// be part of a password (a known parameter's name, an sslmode value, a URL scheme).
/// </summary>
public static class ConnectionStringParser
{
    public static ConnectionSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseUrl(trimmed);
        }

        if (trimmed.Contains('=', StringComparison.Ordinal))
        {
            return ParseKeyValue(trimmed);
        }

        // libpq treats a bare word as a database name; one that looks like a URL is a typo that would otherwise be
        // sent to the server, and echoed in its error, password and all.
        return new ConnectionSpec { Database = CheckDatabaseName(trimmed, "the connection string") };
    }

    /// <summary>
    /// Refuses a database name holding <c>://</c>, <c>:/</c> or <c>@</c>: no real database is named like that, while a
    /// URL with a mistyped scheme (<c>postgresql:/…</c>, <c>postgresq://…</c>) or a password with an unescaped
    /// <c>/</c> lands exactly there.
    /// </summary>
    private static string CheckDatabaseName(string name, string where)
    {
        var schemeEnd = name.IndexOf(":/", StringComparison.Ordinal);
        if (schemeEnd > 0 && IsSchemeLike(name.AsSpan(0, schemeEnd)))
        {
            var slashes = name.AsSpan(schemeEnd + 1).StartsWith("//") ? "//" : "/";
            throw Invalid($"\"{name[..schemeEnd]}:{slashes}…\" looks like a URL with a mistyped scheme: write postgresql://user:password@host:port/database");
        }

        if (schemeEnd >= 0 || name.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid($"the database name in {where} holds '@' or ':/', so it looks like a mistyped URL (a password holding '@', '/', '?' or '#' must be percent-encoded, e.g. %40 for '@')");
        }

        return name;
    }

    private static bool IsSchemeLike(ReadOnlySpan<char> text)
    {
        if (text.Length is 0 or > 20 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    private static ConnectionSpec ParseUrl(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = CutAfter(ref rest, '?');
        var path = CutAfter(ref rest, '/');
        var (user, password) = CutUserInfo(ref rest);
        var (host, port, portList) = ParseHosts(rest);
        var spec = new ConnectionSpec
        {
            Host = string.IsNullOrEmpty(host) ? null : host,
            Port = port,
            PortList = portList,
            User = string.IsNullOrEmpty(user) ? null : user,
            Password = password,
            Database = string.IsNullOrEmpty(path) ? null : CheckDatabaseName(Decode(path), "the URL"),
        };

        if (query is not null)
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Decode(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
                spec = Apply(spec, key, value);
            }
        }

        return spec;
    }

    /// <summary>Cuts <paramref name="rest"/> at the first <paramref name="separator"/>: returns what follows it (null when absent).</summary>
    private static string? CutAfter(ref string rest, char separator)
    {
        var at = rest.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var after = rest[(at + 1)..];
        rest = rest[..at];
        return after;
    }

    /// <summary>The URL's <c>user[:password]@</c>, decoded, cut from the front of <paramref name="rest"/>; the last '@' ends it (a password may hold one).</summary>
    private static (string? User, string? Password) CutUserInfo(ref string rest)
    {
        var at = rest.LastIndexOf('@');
        if (at < 0)
        {
            return (null, null);
        }

        var userInfo = rest[..at];
        rest = rest[(at + 1)..];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0
            ? (Decode(userInfo[..colon]), Decode(userInfo[(colon + 1)..]))
            : (Decode(userInfo), null);
    }

    /// <summary>
    /// The URL's <c>host[:port]</c> list: one host, or several separated by commas (libpq tries them in order), each
    /// a name, an address or <c>[ipv6]</c>, each with its own port or none (5432).
    /// </summary>
    private static (string? Host, int? Port, string? PortList) ParseHosts(string rest)
    {
        if (rest.Length == 0)
        {
            return (null, null, null);
        }

        var hosts = new List<string>();
        var ports = new List<string>();
        foreach (var part in SplitHostList(rest))
        {
            var (host, port) = ParseHostAndPort(part);
            hosts.Add(host);
            ports.Add(port);
        }

        var first = ports[0].Length == 0 ? (int?)null : ParsePort(ports[0]);
        if (hosts.Count == 1)
        {
            return (hosts[0].Length == 0 ? null : hosts[0], first, null);
        }

        foreach (var port in ports.Where(p => p.Length > 0))
        {
            ParsePort(port);
        }

        var portList = ports.All(p => p.Length == 0) ? null : string.Join(',', ports);
        return (string.Join(',', hosts), first, portList);
    }

    /// <summary>Splits <c>a:1,[::1]:2</c> at the commas outside brackets.</summary>
    private static List<string> SplitHostList(string rest)
    {
        var parts = new List<string>();
        var start = 0;
        var inBrackets = false;
        for (var i = 0; i < rest.Length; i++)
        {
            inBrackets = rest[i] switch { '[' => true, ']' => false, _ => inBrackets };
            if (rest[i] == ',' && !inBrackets)
            {
                parts.Add(rest[start..i]);
                start = i + 1;
            }
        }

        parts.Add(rest[start..]);
        return parts;
    }

    /// <summary>One <c>host[:port]</c> or <c>[ipv6][:port]</c> of the URL: the decoded host and the port's text (empty when absent).</summary>
    private static (string Host, string Port) ParseHostAndPort(string part)
    {
        if (part.StartsWith('['))
        {
            var close = part.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid("the URL's IPv6 host has no closing ']'");
            }

            var after = part[(close + 1)..];
            return (part[1..close], after.StartsWith(':') ? after[1..] : string.Empty);
        }

        var colon = part.LastIndexOf(':');
        return colon >= 0
            ? (Decode(part[..colon]), part[(colon + 1)..])
            : (Decode(part), string.Empty);
    }

    private static ConnectionSpec ParseKeyValue(string text)
    {
        var spec = new ConnectionSpec();
        var i = 0;
        string? previousKey = null;
        while (true)
        {
            SkipWhiteSpace(text, ref i);
            if (i >= text.Length)
            {
                return spec;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var key = text[keyStart..i];
            SkipWhiteSpace(text, ref i);
            if (i >= text.Length || text[i] != '=')
            {
                // The stray word may be the tail of an unquoted password: name where it is, not what it is.
                throw Invalid(previousKey is null
                    ? "the key=value string does not start with a parameter name followed by '='"
                    : $"a word without '=' follows the value of \"{previousKey}\" (quote values that hold spaces: key='a b')");
            }

            i++;
            SkipWhiteSpace(text, ref i);
            var value = i < text.Length && text[i] == '\''
                ? ReadQuotedValue(text, ref i, key)
                : ReadBareValue(text, ref i);
            spec = Apply(spec, key, value);
            previousKey = key.ToLowerInvariant();
        }
    }

    private static void SkipWhiteSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    /// <summary>A <c>'…'</c> value from its opening quote: a backslash takes the next character as it is.</summary>
    private static string ReadQuotedValue(string text, ref int i, string key)
    {
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                value.Append(text[i++]);
            }
            else if (c == '\'')
            {
                return value.ToString();
            }
            else
            {
                value.Append(c);
            }
        }

        throw Invalid($"the quoted value of {NameForMessage(key)} has no closing quote");
    }

    /// <summary>An unquoted value: up to the next white space; a backslash takes the next character as it is.</summary>
    private static string ReadBareValue(string text, ref int i)
    {
        var value = new StringBuilder();
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                c = text[i++];
            }

            value.Append(c);
        }

        return value.ToString();
    }

    internal static ConnectionSpec Apply(ConnectionSpec spec, string key, string value) =>
        key.ToLowerInvariant() switch
        {
            "host" or "hostaddr" => spec with { Host = value },
            "port" => ApplyPort(spec, value),
            "dbname" or "database" => spec with { Database = CheckDatabaseName(value, "dbname") },
            "user" or "username" => spec with { User = value },
            "password" => spec with { Password = value },
            "sslmode" => spec with { SslMode = SslModes.Normalize(value) },
            "sslrootcert" => spec with { SslRootCert = value },
            "application_name" => spec with { ApplicationName = value },
            "connect_timeout" => spec with { ConnectTimeoutSeconds = ParseInt(value, "connect_timeout") },
            "options" => spec with { Options = value },
            "passfile" => spec with { PassFile = value },
            "service" => spec with { Service = value },
            "target_session_attrs" => spec with { TargetSessionAttrs = TargetSessionAttrs.Normalize(value) },
            "sslcert" => spec with { SslCert = value },
            "sslkey" => spec with { SslKey = value },
            "sslpassword" => spec with { SslPassword = value },
            "sslcrl" => spec with { SslCrl = value },
            "sslcrldir" => spec with { SslCrlDir = value },
            // Accepted and ignored: they do not change what PgSnap does over the wire.
            "fallback_application_name" or "client_encoding" or "gssencmode" or "channel_binding" => spec,
            _ => throw Invalid($"unsupported connection parameter {NameForMessage(key)}"),
        };

    /// <summary>
    /// A parameter name as an error may show it: quoted when it is shaped like one (letters and '_', as every libpq
    /// keyword), else described, since a malformed "key" can be a piece of a password.
    /// </summary>
    private static string NameForMessage(string key)
    {
        if (key.Length is > 0 and <= 32)
        {
            var wordLike = true;
            foreach (var c in key)
            {
                wordLike &= char.IsAsciiLetterLower(c) || c == '_';
            }

            if (wordLike)
            {
                return "\"" + key + "\"";
            }
        }

        return "(a name that is not a libpq keyword)";
    }

    /// <summary>libpq's <c>port</c>: one number, or a comma-separated list (one per host; an empty entry is 5432).</summary>
    internal static ConnectionSpec ApplyPort(ConnectionSpec spec, string value)
    {
        if (!value.Contains(',', StringComparison.Ordinal))
        {
            return spec with { Port = ParsePort(value), PortList = null };
        }

        var ports = value.Split(',');
        foreach (var port in ports.Where(p => p.Length > 0))
        {
            ParsePort(port);
        }

        return spec with { Port = ports[0].Length == 0 ? null : ParsePort(ports[0]), PortList = value };
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw Invalid("the port must be a number between 1 and 65535");

    private static int ParseInt(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Invalid($"{name} must be a number");

    private static string Decode(string s) => Uri.UnescapeDataString(s);

    private static PgSnapException Invalid(string message) =>
        new(PgSnapErrorKind.Usage, "invalid connection string: " + message);
}
