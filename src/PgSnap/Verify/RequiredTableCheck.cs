namespace PgSnap.Verify;

/// <summary>--require-table / --require-rows: the runbook's "are agent_calls, clients and agent_deployments there, with rows?".</summary>
internal static class RequiredTableCheck
{
    /// <summary>
    /// A required table is present when the archive holds its rows or, in a schema-only archive, its CREATE TABLE;
    /// with --require-rows it must also have rows.
    /// </summary>
    public static VerifyReport Apply(VerifyReport report, HashSet<(string Schema, string Name)> defined, VerifyOptions options)
    {
        if (options.RequiredTables.Count == 0)
        {
            return report;
        }

        var results = new List<RequiredTableResult>();
        var problems = report.Problems.ToList();
        foreach (var wanted in options.RequiredTables)
        {
            var table = ArchiveVerifier.FindTable(report.Tables, wanted);
            var definedOnly = table is null && defined.Contains(SplitName(wanted));
            results.Add(new RequiredTableResult { Table = wanted, Present = table is not null || definedOnly, Rows = table?.Rows });
            if (definedOnly)
            {
                if (options.RequireRows)
                {
                    problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} is defined but the archive holds none of its rows" });
                }
            }
            else if (table is null)
            {
                problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} is not in the archive" });
            }
            else if (options.RequireRows && table.Rows == 0)
            {
                problems.Add(new VerifyProblem { Code = "required", Message = $"required table {wanted} has no rows" });
            }
        }

        return report with { Required = results, Problems = problems };
    }

    /// <summary><c>schema.name</c>, or a bare name read as public.</summary>
    public static (string Schema, string Name) SplitName(string wanted)
    {
        var dot = wanted.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("public", wanted) : (wanted[..dot], wanted[(dot + 1)..]);
    }
}
