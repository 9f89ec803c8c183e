using System.Globalization;
using System.Text;

namespace PgSnap.Connection;

/// <summary>
/// Looks a password up in a libpq password file (<c>hostname:port:database:username:password</c>,
/// <c>*</c> as a wildcard, <c>\:</c> and <c>\\</c> escapes, first match wins). Like libpq, a file that
/// group or others can read is ignored (and so is anything but a regular file), and "localhost" also matches a
/// connection through the default Unix-socket directory. This is the only password-file lookup: the Npgsql data
/// source is told to read none (see <see cref="DataSourceFactory"/>), so a file ignored here is never used.
/// </summary>
public static class PgPassFile
{
    public static string DefaultPath(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var explicitPath = getVariable("PGPASSFILE");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }

        var home = getVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".pgpass");
    }

    /// <summary>Returns the password for the given coordinates, or null when none matches.</summary>
    /// <param name="warn">Receives a one-line warning when the file exists but is not used.</param>
    public static string? Lookup(string path, string host, int port, string database, string user, Action<string>? warn = null)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if ((File.GetAttributes(path) & FileAttributes.Device) != 0)
        {
            warn?.Invoke($"password file \"{path}\" is not a plain file; ignoring it");
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & groupOrOther) != 0)
            {
                warn?.Invoke($"password file \"{path}\" has group or world access; permissions should be u=rw (0600) or less; ignoring it");
                return null;
            }
        }

        // libpq looks a connection through the default socket directory up as "localhost"; another directory only
        // matches itself.
        var isDefaultSocket = host.TrimEnd('/') is "/var/run/postgresql" or "/run/postgresql" or "/tmp";
        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = SplitFields(line);
            if (fields.Count < 5)
            {
                continue;
            }

            var hostMatches = Matches(fields[0], host) || (isDefaultSocket && fields[0] == "localhost");
            if (hostMatches && Matches(fields[1], portText) && Matches(fields[2], database) && Matches(fields[3], user))
            {
                return fields[4];
            }
        }

        return null;
    }

    private static bool Matches(string pattern, string value) => pattern == "*" || pattern == value;

    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>(5);
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (c == ':' && fields.Count < 4)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
