namespace PgSnap.Emit;

/// <summary>
/// REPLICA IDENTITY FULL or NOTHING of a table, partitioned table or materialized view (only ALTER TABLE can say it;
/// the server accepts it for a materialized view too). DEFAULT needs nothing; USING INDEX comes with the index.
/// </summary>
internal static class ReplicaIdentityEmitter
{
    /// <param name="qualifiedName">The relation's quoted, qualified name.</param>
    /// <param name="relReplIdent">pg_class.relreplident: d, n, f or i.</param>
    /// <returns>The statement with its newline, or empty.</returns>
    public static string Statement(string qualifiedName, char relReplIdent) => relReplIdent switch
    {
        'f' => "ALTER TABLE ONLY " + qualifiedName + " REPLICA IDENTITY FULL;\n",
        'n' => "ALTER TABLE ONLY " + qualifiedName + " REPLICA IDENTITY NOTHING;\n",
        _ => string.Empty,
    };
}
