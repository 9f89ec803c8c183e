using PgSnap.Archive;

namespace PgSnap.Sql;

/// <summary>
/// The section pg_dump files an entry under, by its descriptor (pg_dump.c's <c>.section</c> of each kind): the one
/// table for list's table of contents and restore's selection of a plain file.
/// </summary>
internal static class PgDumpSections
{
    private static readonly HashSet<string> s_dataKinds = new(StringComparer.Ordinal) { "TABLE DATA", "SEQUENCE SET", "BLOBS", "BLOB DATA", "LARGE OBJECT DATA" };

    private static readonly HashSet<string> s_postDataKinds = new(StringComparer.Ordinal)
    {
        "INDEX", "INDEX ATTACH", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT", "TRIGGER", "EVENT TRIGGER", "RULE", "POLICY",
        "ROW SECURITY", "MATERIALIZED VIEW DATA", "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA", "SUBSCRIPTION TABLE",
        "DEFAULT ACL",
    };

    /// <summary>data, post-data, or pre-data for every other kind.</summary>
    public static string Of(string kind) =>
        s_dataKinds.Contains(kind) ? ArchiveFormat.Sections.Data
        : s_postDataKinds.Contains(kind) ? ArchiveFormat.Sections.PostData
        : ArchiveFormat.Sections.PreData;

    /// <summary>True for a kind pg_dump puts in the data section.</summary>
    public static bool IsData(string kind) => s_dataKinds.Contains(kind);

    /// <summary>True for a kind pg_dump puts in the post-data section.</summary>
    public static bool IsPostData(string kind) => s_postDataKinds.Contains(kind);
}
