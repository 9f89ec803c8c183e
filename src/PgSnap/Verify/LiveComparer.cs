using Npgsql;
using PgSnap.Connection;

namespace PgSnap.Verify;

/// <summary>
/// <c>verify --against URL</c>: the archive's tables and row counts next to a live database's. Only the schemas the
/// archive holds are looked at on the live side, so a Supabase profile dump is not flagged for the managed schemas
/// it leaves out on purpose, and a live table whose rows the dump's options left out (the profile's migration
/// tables, --exclude-table-data, -T, --no-unlogged-table-data; see <see cref="RowsLeftOutByOptions"/>) is listed apart, not as missing. Counts are exact (<c>count(*)</c>), inside one read-only snapshot.
/// </summary>
public static class LiveComparer
{
    /// <param name="report">The archive's verify report.</param>
    /// <param name="spec">The live database.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <param name="archivePath">
    /// The archive file, whose manifest's object list is compared object by object with the live database (identity,
    /// definition, owner, privileges, comment, selected with the dump's own options); null for stdin, where only
    /// tables and row counts are compared.
    /// </param>
    public static async Task<VerifyReport> CompareAsync(VerifyReport report, ConnectionSpec spec, CancellationToken cancellationToken, string? archivePath = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(spec);
        await using var dataSource = DataSourceFactory.Create(spec, "pgsnap verify");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, spec, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        var archive = new Dictionary<(string, string), long>();
        foreach (var table in report.Tables)
        {
            archive[(table.Schema ?? "public", table.Name)] = table.ManifestRows ?? table.Rows;
        }

        var schemas = archive.Keys.Select(static k => k.Item1).Distinct().ToArray();
        var live = new Dictionary<(string, string), long>();
        var unlogged = new HashSet<(string, string)>();
        foreach (var (schema, name, isUnlogged) in await LiveTablesAsync(connection, schemas, cancellationToken).ConfigureAwait(false))
        {
            live[(schema, name)] = await CountAsync(connection, schema, name, cancellationToken).ConfigureAwait(false);
            if (isUnlogged)
            {
                unlogged.Add((schema, name));
            }
        }

        var leftOut = report.Header is { } dumped ? new RowsLeftOutByOptions(Dump.DumpHeaderOptions.ToOptions(dumped.Options)) : null;
        var differences = new List<TableDifference>();
        var leftOutByOptions = new List<string>();
        foreach (var key in archive.Keys.Union(live.Keys).Order())
        {
            if (!archive.ContainsKey(key) && leftOut is not null && leftOut.Contains(key.Item1, key.Item2, unlogged.Contains(key)))
            {
                leftOutByOptions.Add(key.Item1 + "." + key.Item2);
                continue;
            }

            long? a = archive.TryGetValue(key, out var ar) ? ar : null;
            long? l = live.TryGetValue(key, out var lr) ? lr : null;
            if (a != l)
            {
                differences.Add(new TableDifference { Schema = key.Item1, Name = key.Item2, ArchiveRows = a, LiveRows = l });
            }
        }

        var objects = await CompareObjectsAsync(report, connection, archivePath, cancellationToken).ConfigureAwait(false);
        var comparison = new LiveComparison
        {
            Database = spec.Database ?? "",
            TablesCompared = archive.Count,
            Differences = differences,
            LeftOutByOptions = leftOutByOptions,
            ObjectsCompared = objects.Compared,
            ObjectDifferences = objects.Differences,
            ObjectsNote = objects.Note,
        };
        var problems = report.Problems.ToList();
        foreach (var d in objects.Differences)
        {
            problems.Add(new VerifyProblem { Code = "against", Message = d });
        }

        foreach (var d in differences)
        {
            var what = d.ArchiveRows is null ? "is in the live database but not in the archive"
                : d.LiveRows is null ? "is in the archive but not in the live database"
                : $"has {d.ArchiveRows} rows in the archive and {d.LiveRows} live";
            problems.Add(new VerifyProblem { Code = "against", Message = $"table {d.Schema}.{d.Name} {what}" });
        }

        return report with { Against = comparison, Problems = problems };
    }

    private static async Task<(int? Compared, List<string> Differences, string? Note)> CompareObjectsAsync(
        VerifyReport report, NpgsqlConnection connection, string? archivePath, CancellationToken cancellationToken)
    {
        if (archivePath is null || report.Format != "pgsnap" || !(Storage.S3.S3Location.IsS3(archivePath) || File.Exists(archivePath)))
        {
            return (null, [], "objects are compared for a PgSnap archive file only (its manifest holds the object list); tables and row counts were compared");
        }

        using var index = await Archive.Reading.ArchiveIndex.TryOpenAsync(archivePath, cancellationToken).ConfigureAwait(false);
        if (index?.Manifest.Objects is not { } recorded || report.Header is not { } header)
        {
            return (null, [], "this archive records no object list (written before pgsnap recorded one): only tables and row counts were compared");
        }

        var options = Dump.DumpHeaderOptions.ToOptions(header.Options);
        var live = await Catalog.Coverage.CoverageAudit.LiveObjectsAsync(connection, options, cancellationToken).ConfigureAwait(false);
        return (recorded.Count, Catalog.Coverage.ObjectDiff.Compare(recorded, live, "the archive", "the live database"), null);
    }

    private static async Task<List<(string Schema, string Name, bool Unlogged)>> LiveTablesAsync(NpgsqlConnection connection, string[] schemas, CancellationToken cancellationToken)
    {
        // Ordinary tables and partitions: a partitioned parent holds no rows itself, its partitions are dumped.
        const string sql = """
            SELECT n.nspname, c.relname, c.relpersistence = 'u'
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = ANY($1)
            ORDER BY 1, 2
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schemas });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<(string, string, bool)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return result;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string schema, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {QuoteIdent(schema)}.{QuoteIdent(name)}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
