using Npgsql;
using PgSnap.Catalog.Coverage;
using PgSnap.Tests.Infrastructure;
using PgSnap.Tests.Majors;
using PgSnap.Tests.Schema;
using Xunit;

namespace PgSnap.Tests.Coverage;

/// <summary>
/// An archive's object records carry digests of texts the server builds (Catalog/Coverage/ObjectDigestReader.cs), and
/// verify --against compares them with a live database read by whatever release the user runs then. So the query may
/// get faster but never give other texts: on every object of corpora nobody tuned it for, today's query must return
/// row for row what the fourth round's query (Coverage/Data/object-digests-r4.sql, kept as it was) returns.
/// </summary>
public sealed class ObjectDigestStabilityTests
{
    // Every catalog the digest query has a branch for, and a few it compares by identity only.
    private const string ObjectsSql = """
        SELECT DISTINCT classid, objid FROM pg_catalog.pg_depend
        WHERE objid >= 16384 AND classid = ANY('{pg_class,pg_constraint,pg_trigger,pg_rewrite,pg_policy,pg_attrdef,pg_proc,pg_type,pg_namespace,pg_operator,pg_collation}'::pg_catalog.regclass[])
        UNION SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, oid FROM pg_catalog.pg_class WHERE oid >= 16384
        UNION SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass, oid FROM pg_catalog.pg_namespace
        UNION SELECT 'pg_catalog.pg_language'::pg_catalog.regclass, oid FROM pg_catalog.pg_language
        UNION SELECT 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, oid FROM pg_catalog.pg_foreign_data_wrapper
        UNION SELECT 'pg_catalog.pg_foreign_server'::pg_catalog.regclass, oid FROM pg_catalog.pg_foreign_server
        """;

    [Theory]
    [InlineData("partitions")]
    [InlineData("privileges_and_comments")]
    [InlineData("tables_and_constraints")]
    [InlineData("types")]
    [InlineData("views_and_rules")]
    [InlineData("triggers_and_rls")]
    [InlineData("functions")]
    [InlineData("hostile_names")]
    [InlineData("typed_tables")]
    [InlineData("fdw_and_publications")]
    public async Task Todays_digest_query_gives_the_texts_earlier_archives_digested(string corpus)
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("digest_" + corpus[..Math.Min(8, corpus.Length)]);
        await SchemaRoundTrip.RunPsqlAsync(server, db, FidelityFile.Read(corpus, server.Major).Sql);
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor(db));
        await connection.OpenAsync();
        await using (var settings = new NpgsqlCommand("SET search_path = ''; SET jit = off", connection))
        {
            await settings.ExecuteNonQueryAsync();
        }

        var (classes, objects) = await ObjectsAsync(connection);
        var released = await TextsAsync(connection, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Coverage", "Data", "object-digests-r4.sql")), classes, objects);
        var today = await TextsAsync(connection, ObjectDigestReader.Sql, classes, objects);

        Assert.True(released.Count > 20, $"{corpus} gave only {released.Count} objects");
        Assert.Equal(released.Count, today.Count);
        for (var i = 0; i < released.Count; i++)
        {
            Assert.Equal(released[i], today[i]);
        }
    }

    private static async Task<(uint[] Classes, uint[] Objects)> ObjectsAsync(NpgsqlConnection connection)
    {
        var classes = new List<uint>();
        var objects = new List<uint>();
        await using var command = new NpgsqlCommand(ObjectsSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            classes.Add(reader.GetFieldValue<uint>(0));
            objects.Add(reader.GetFieldValue<uint>(1));
        }

        return ([.. classes], [.. objects]);
    }

    /// <summary>Every row of the digest query, all columns as text, in (class, object) order.</summary>
    private static async Task<List<string>> TextsAsync(NpgsqlConnection connection, string sql, uint[] classes, uint[] objects)
    {
        await using var command = new NpgsqlCommand($"SELECT x::text FROM ({sql.Trim().TrimEnd(';')}) x ORDER BY x.c, x.o", connection);
        command.Parameters.Add(new NpgsqlParameter("c", classes) { DataTypeName = "oid[]" });
        command.Parameters.Add(new NpgsqlParameter("o", objects) { DataTypeName = "oid[]" });
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
