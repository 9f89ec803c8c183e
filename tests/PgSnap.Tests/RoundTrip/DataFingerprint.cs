using Npgsql;

namespace PgSnap.Tests.RoundTrip;

/// <summary>
/// What a database holds, as comparable lines: per table its row count and the md5 of all its rows' text, sorted
/// (so row order does not matter and the comparison is exact: equal multisets of rows give equal text, and any
/// changed, missing or extra row changes it), extension member tables included (see <see cref="ExtensionTablePrefix"/>); per materialized view the same, or that it is not populated; per
/// sequence its last_value and is_called; per large object its md5.
/// </summary>
/// <remarks>
/// Row text is the record's output form read in one fixed session (UTC, ISO dates, hex bytea, exact floats), so it
/// distinguishes NULL from '' and -0 from 0. <c>FROM ONLY</c> counts each inheritance child once; partitioned
/// parents hold no rows of their own and are skipped (their partitions are listed).
/// </remarks>
internal sealed class DataFingerprint
{
    private const string Settings =
        "SET search_path = ''; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET TimeZone = 'UTC'; " +
        "SET extra_float_digits = 3; SET bytea_output = 'hex'; SET row_security = off";

    private const string RelationsQuery = """
SELECT c.oid::regclass::text, c.relkind::text, c.relispopulated,
       EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'S')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY 1
""";

    /// <summary>
    /// Starts the line of a table that belongs to an extension: CREATE EXTENSION fills it with the extension's own
    /// rows, and pg_dump adds the user rows of a configuration table (pg_extension_config_dump) even to a schema-only
    /// dump, so unlike other tables it is not empty after a schema-only restore.
    /// </summary>
    public const string ExtensionTablePrefix = "extension table ";

    private DataFingerprint(IReadOnlyList<string> lines) => Lines = lines;

    /// <summary>One line per table, materialized view, sequence and large object, sorted ordinally.</summary>
    public IReadOnlyList<string> Lines { get; }

    public static async Task<DataFingerprint> ReadAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(cancellationToken);
        await ExecuteAsync(conn, Settings, cancellationToken);

        var relations = new List<(string Name, char Kind, bool Populated, bool Member)>();
        await using (var cmd = new NpgsqlCommand(RelationsQuery, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                relations.Add((reader.GetString(0), reader.GetString(1)[0], reader.GetBoolean(2), reader.GetBoolean(3)));
            }
        }

        var lines = new List<string>(relations.Count + 8);
        foreach (var (name, kind, populated, member) in relations)
        {
            var line = kind switch
            {
                'S' => "sequence " + name + " " + await RowAsync(conn, $"SELECT last_value::text || ' called=' || is_called::text FROM {name}", cancellationToken),
                'm' when !populated => "matview " + name + " not populated",
                _ => (kind == 'm' ? "matview " : member ? ExtensionTablePrefix : "table ") + name + " " + await RowAsync(conn, RowsQuery(name), cancellationToken),
            };
            lines.Add(line);
        }

        await using (var cmd = new NpgsqlCommand("SELECT oid::text, md5(lo_get(oid)) FROM pg_largeobject_metadata ORDER BY oid", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add("large object " + reader.GetString(0) + " md5=" + reader.GetString(1));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return new DataFingerprint(lines);
    }

    /// <summary>A readable difference, or null when both hold the same data.</summary>
    public static string? Compare(DataFingerprint expected, DataFingerprint actual, string expectedName = "source", string actualName = "restored") =>
        expected.Lines.SequenceEqual(actual.Lines, StringComparer.Ordinal) ? null : LineDiff.Unified(expected.Lines, actual.Lines, expectedName, actualName);

    // The alias is unusual on purpose: a column with the alias's name would shadow the row reference.
    private static string RowsQuery(string relation) =>
        $"SELECT 'rows=' || count(*)::text || ' md5=' || md5(coalesce(string_agg(pgsnap_fp_row::text, E'\\n' ORDER BY pgsnap_fp_row::text COLLATE \"C\"), '')) FROM ONLY {relation} AS pgsnap_fp_row";

    private static async Task<string> RowAsync(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string?)await cmd.ExecuteScalarAsync(cancellationToken) ?? "(null)";
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
