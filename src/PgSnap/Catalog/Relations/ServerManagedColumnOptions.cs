namespace PgSnap.Catalog;

/// <summary>
/// Entries of <c>pg_attribute.attoptions</c> that the server writes itself and a dump leaves out, as that minor's
/// pg_dump does. PostgreSQL 15.20 stamps <c>pg_attver=N</c> into every column of a table, view, materialized view,
/// partitioned table and composite type; <c>ALTER COLUMN … SET (pg_attver=…)</c> is silently ignored, the restoring
/// server stamps its own value, and pg_dump 15.20 reads the options without every entry whose text starts with
/// <c>pg_attver=</c> (it keeps the value only for binary upgrades). Matching by the exact <c>key=</c> prefix keeps
/// every user-set option, whatever the server.
/// </summary>
internal static class ServerManagedColumnOptions
{
    private static readonly string[] s_prefixes = ["pg_attver="];

    /// <summary>The options a user set: <paramref name="options"/> without the server-managed entries.</summary>
    public static string[] UserSet(string[]? options) =>
        options is null ? [] : [.. options.Where(o => !s_prefixes.Any(p => o.StartsWith(p, StringComparison.Ordinal)))];
}
