using System.Globalization;

namespace PgSnap.Tests.Infrastructure;

/// <summary>
/// One server of a test server list, as written in <c>PGSNAP_FIDELITY_SERVERS</c>: a major (<c>15</c>: the installed
/// Debian binaries when they are that major, whatever minor the machine has, else the embedded package), or a
/// major.minor (<c>15.18</c>: exactly that release, always from the embedded npm package the fixture pins for the
/// major). The second form keeps a minor covered after the machine's server is upgraded to a newer one, e.g.
/// <c>PGSNAP_FIDELITY_SERVERS=13,14,15.18,16,18</c> runs the matrix on the embedded 15.18 next to the installed 15.
/// </summary>
internal readonly record struct ServerChoice(int Major, int? Minor)
{
    /// <summary>Whether this choice names an exact release of the embedded package.</summary>
    public bool IsPinned => Minor is not null;

    /// <summary>The token as written: <c>15</c> or <c>15.18</c> (also the theory data of the matrix).</summary>
    public override string ToString() =>
        Minor is { } minor ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{minor}") : Major.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a token; a pinned minor must be the one the embedded package of that major holds.</summary>
    public static ServerChoice Parse(string variable, string token)
    {
        var parts = token.Split('.');
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new InvalidOperationException($"{variable}: '{token}' is not a PostgreSQL major (13 or later) or major.minor (e.g. 15.18)");
        }

        var major = int.Parse(parts[0], CultureInfo.InvariantCulture);
        if (major < 13)
        {
            throw new InvalidOperationException($"{variable}: '{token}' is not a PostgreSQL major (13 or later) or major.minor (e.g. 15.18)");
        }

        if (parts.Length == 1)
        {
            return new ServerChoice(major, null);
        }

        var minor = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var embedded = EmbeddedPostgres.ReleaseOf(major);
        return embedded == (major, minor)
            ? new ServerChoice(major, minor)
            : throw new InvalidOperationException(
                $"{variable}: '{token}' names a release the tests cannot start; the embedded package of {major} is " +
                (embedded is { } e ? $"{e.Major}.{e.Minor}" : "unknown") + " (see EmbeddedPostgres)");
    }
}
