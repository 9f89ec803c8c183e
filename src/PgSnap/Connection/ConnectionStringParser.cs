using System.Globalization;
using System.Text;

namespace PgSnap.Connection;

/// <summary>
/// Parses what a user passes to <c>--url</c>/<c>-d</c>: a <c>postgresql://</c> (or <c>postgres://</c>) URL,
/// or a libpq key=value string. Unknown parameters are refused rather than silently ignored, so a typo in
/// <c>sslmode</c> cannot quietly downgrade a connection. Errors never echo the input (it may hold a password).
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

        // libpq treats a bare word as a database name.
        return new ConnectionSpec { Database = trimmed };
    }

    private static ConnectionSpec ParseUrl(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        string? query = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string? path = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                user = Decode(userInfo[..colon]);
                password = Decode(userInfo[(colon + 1)..]);
            }
            else
            {
                user = Decode(userInfo);
            }
        }

        string? host = null;
        int? port = null;
        if (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Invalid("the URL's IPv6 host has no closing ']'");
                }

                host = rest[1..close];
                var after = rest[(close + 1)..];
                if (after.StartsWith(':'))
                {
                    port = ParsePort(after[1..]);
                }
            }
            else
            {
                if (rest.Contains(',', StringComparison.Ordinal))
                {
                    throw Invalid("URLs with several hosts are not supported; give one host");
                }

                var colon = rest.LastIndexOf(':');
                if (colon >= 0)
                {
                    host = Decode(rest[..colon]);
                    port = ParsePort(rest[(colon + 1)..]);
                }
                else
                {
                    host = Decode(rest);
                }
            }
        }

        var spec = new ConnectionSpec
        {
            Host = string.IsNullOrEmpty(host) ? null : host,
            Port = port,
            User = string.IsNullOrEmpty(user) ? null : user,
            Password = password,
            Database = string.IsNullOrEmpty(path) ? null : Decode(path),
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

    private static ConnectionSpec ParseKeyValue(string text)
    {
        var spec = new ConnectionSpec();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

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
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                throw Invalid($"missing '=' after \"{key}\" in the connection string");
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = new StringBuilder();
            if (i < text.Length && text[i] == '\'')
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var c = text[i++];
                    if (c == '\\' && i < text.Length)
                    {
                        value.Append(text[i++]);
                    }
                    else if (c == '\'')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!closed)
                {
                    throw Invalid($"unterminated quoted value for \"{key}\" in the connection string");
                }
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    var c = text[i++];
                    if (c == '\\' && i < text.Length)
                    {
                        c = text[i++];
                    }

                    value.Append(c);
                }
            }

            spec = Apply(spec, key, value.ToString());
        }
    }

    private static ConnectionSpec Apply(ConnectionSpec spec, string key, string value) =>
        key.ToLowerInvariant() switch
        {
            "host" or "hostaddr" => spec with { Host = value },
            "port" => spec with { Port = ParsePort(value) },
            "dbname" or "database" => spec with { Database = value },
            "user" or "username" => spec with { User = value },
            "password" => spec with { Password = value },
            "sslmode" => spec with { SslMode = SslModes.Normalize(value) },
            "sslrootcert" => spec with { SslRootCert = value },
            "application_name" => spec with { ApplicationName = value },
            "connect_timeout" => spec with { ConnectTimeoutSeconds = ParseInt(value, "connect_timeout") },
            "options" => spec with { Options = value },
            // Accepted and ignored: they do not change what PgSnap does over the wire.
            "fallback_application_name" or "client_encoding" or "target_session_attrs" or "gssencmode" or "channel_binding" => spec,
            _ => throw Invalid($"unsupported connection parameter \"{key}\""),
        };

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
