namespace PgSnap.Connection;

/// <summary>
/// libpq's connection service file: <c>[name]</c> sections of <c>keyword=value</c> lines (<c>#</c> comments). The
/// service named by the <c>service</c> parameter or PGSERVICE is looked up in PGSERVICEFILE (else
/// <c>~/.pg_service.conf</c>) and, when that file lacks it, in <c>PGSYSCONFDIR/pg_service.conf</c> (else the
/// system folder libpq was built with: Debian's is /etc/postgresql-common). Its settings only fill what the connection
/// string and the flags leave out, and win over the PG* environment, as in libpq.
/// </summary>
public static class ServiceFile
{
    /// <summary>Debian's libpq sysconfdir, where pg_service.conf lives when PGSYSCONFDIR is unset.</summary>
    public const string DefaultSystemDirectory = "/etc/postgresql-common";

    /// <summary>The settings of <paramref name="name"/> as a spec of fallbacks; throws when no file defines it.</summary>
    public static ConnectionSpec Load(string name, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(getVariable);
        foreach (var path in SearchPath(getVariable))
        {
            if (File.Exists(path) && Find(path, name) is { } spec)
            {
                return spec;
            }
        }

        throw new PgSnapException(PgSnapErrorKind.Usage, $"definition of service \"{name}\" not found (looked in {string.Join(" and ", SearchPath(getVariable))})");
    }

    /// <summary>The files searched, in order: the user's, then the system's.</summary>
    public static IReadOnlyList<string> SearchPath(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var user = getVariable("PGSERVICEFILE");
        if (string.IsNullOrEmpty(user))
        {
            var home = getVariable("HOME");
            user = Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home, ".pg_service.conf");
        }

        var system = getVariable("PGSYSCONFDIR");
        return [user, Path.Combine(string.IsNullOrEmpty(system) ? DefaultSystemDirectory : system, "pg_service.conf")];
    }

    /// <summary>The section <paramref name="name"/> of one file, or null when the file has none.</summary>
    private static ConnectionSpec? Find(string path, string name)
    {
        ConnectionSpec? spec = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (spec is not null)
                {
                    return spec;
                }

                if (line[^1] == ']' && line[1..^1].Trim() == name)
                {
                    spec = new ConnectionSpec();
                }

                continue;
            }

            if (spec is null)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Syntax(path, lineNumber);
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (key.Equals("service", StringComparison.OrdinalIgnoreCase))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"nested service specifications are not supported in service file \"{path}\", line {lineNumber}");
            }

            spec = ConnectionStringParser.Apply(spec, key, value);
        }

        return spec;
    }

    // The line is not echoed: it may hold a password.
    private static PgSnapException Syntax(string path, int line) =>
        new(PgSnapErrorKind.Usage, $"syntax error in service file \"{path}\", line {line}");
}
