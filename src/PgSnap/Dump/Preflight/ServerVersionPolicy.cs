using System.Globalization;

namespace PgSnap.Dump.Preflight;

/// <summary>
/// What a dump does with the server's major version (README, "Server versions"): PgSnap reads the catalogs of PostgreSQL 13 to 18,
/// following pg_dump's version branches. A major outside that range is refused before anything is read, unless the
/// user passes <c>--allow-unknown-server</c>, which turns the refusal into a warning and a best-effort dump.
/// </summary>
/// <remarks>
/// Why refuse rather than warn: a catalog PgSnap does not know may hold objects or properties it would silently
/// leave out, and a backup that looks complete but is not is worse than no backup; warnings go unread in cron jobs.
/// Unlike pg_dump's "server version mismatch", the way out is one explicit flag, not another binary: the dump then
/// runs with the newest catalog queries PgSnap has, and the warning says to verify and drill the result.
/// </remarks>
public static class ServerVersionPolicy
{
    /// <summary>The oldest server major PgSnap reads the catalog of.</summary>
    public const int OldestMajor = 13;

    /// <summary>The newest server major PgSnap reads the catalog of.</summary>
    public const int NewestMajor = 18;

    /// <summary>The CLI option that lets a dump go on with a server major outside the known range.</summary>
    public const string OverrideOption = "--allow-unknown-server";

    /// <summary>Whether PgSnap knows the catalog of this major.</summary>
    public static bool IsKnown(int major) => major is >= OldestMajor and <= NewestMajor;

    /// <summary>
    /// The problem a dump of a server of <paramref name="serverVersionNum"/> (e.g. 190001) has, or null when its
    /// major is known: blocking unless <paramref name="allowUnknownServer"/>, then a warning.
    /// </summary>
    public static PreflightProblem? Assess(int serverVersionNum, bool allowUnknownServer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(serverVersionNum);
        var major = serverVersionNum / 10000;
        if (IsKnown(major))
        {
            return null;
        }

        var m = major.ToString(CultureInfo.InvariantCulture);
        var known = string.Create(CultureInfo.InvariantCulture, $"{OldestMajor} to {NewestMajor}");
        var why = major > NewestMajor
            ? $"PostgreSQL {m} is newer than the majors this pgsnap knows ({known}): its catalog may hold objects or properties this dump would leave out"
            : $"PostgreSQL {m} is older than the majors this pgsnap reads ({known}): catalog queries may fail or miss objects";
        return allowUnknownServer
            ? new PreflightProblem(PreflightCheck.ServerVersion, false, $"{why}; going on because of {OverrideOption}: verify and drill this backup before trusting it")
            : new PreflightProblem(PreflightCheck.ServerVersion, true, why,
                $"use a pgsnap release that knows PostgreSQL {m}, or pass {OverrideOption} for a best-effort dump (then verify and drill it)");
    }
}
