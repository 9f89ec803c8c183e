using System.Text.RegularExpressions;

namespace PgSnap.Tests.Majors;

/// <summary>
/// The differences between a database moved from one major to another and the same SQL loaded natively on the target
/// that are legitimate, each one documented here and in README.md ("Server versions"); everything else must match.
/// </summary>
internal static partial class CrossMajorNormalisation
{
    /// <summary>Maps one catalog fingerprint line (of either side) for a move from <paramref name="sourceMajor"/> to <paramref name="targetMajor"/>.</summary>
    public static string? Map(string line, int sourceMajor, int targetMajor)
    {
        // 1. PostgreSQL 15 made pg_database_owner the owner of the public schema and took CREATE away from PUBLIC,
        //    in new databases only. A database from 13 or 14 keeps its old owner and privileges on public; a native
        //    load on 15+ gets the new defaults. The public schema's line is left out across that boundary.
        if (sourceMajor < 15 && targetMajor >= 15 && line.StartsWith("schema\tpublic\t", StringComparison.Ordinal))
        {
            return null;
        }

        // 2. PostgreSQL 13 stores EXTRACT(f FROM x) as date_part('f', x) (14 added numeric extract()), so the source
        //    really holds date_part(): the moved expression is the 13 one, which a native 14+ load spells EXTRACT.
        if (sourceMajor < 14 && targetMajor >= 14)
        {
            line = DatePart().Replace(line, "EXTRACT(${field} FROM ${arg})");
        }

        // 3. From 18 NOT NULL constraints have names; before 18 they had none, so a move into 18 gets the names the
        //    server chooses for the columns as created, while a native PARTITION OF names a partition's constraint
        //    after its parent's. Moving from an older major, NOT NULL constraints are compared by table and column.
        if (sourceMajor < 18 && targetMajor >= 18 && line.StartsWith("constraint:n\t", StringComparison.Ordinal))
        {
            var match = NotNull().Match(line);
            if (match.Success)
            {
                return $"constraint:n\t{match.Groups["table"].Value}.(not null on {match.Groups["column"].Value})\t{match.Groups["rest"].Value}";
            }
        }

        return line;
    }

    [GeneratedRegex(@"date_part\('(?<field>\w+)'::text, (?<arg>[a-z_][a-z0-9_.]*)\)")]
    private static partial Regex DatePart();

    [GeneratedRegex(@"^constraint:n\t(?<table>.+)\.[^.\t]+\t(?<rest>NOT NULL (?<column>\S+).*)$")]
    private static partial Regex NotNull();
}
