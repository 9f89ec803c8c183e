namespace PgSnap.Dump;

/// <summary>
/// An output name that promises another format (<c>x.dump</c>, <c>x.sql.bz2</c>, <c>x.sql.xz</c>, <c>x.tar</c>) would
/// get plain SQL under it, and the next step of the user's script (pg_restore, bunzip2, xz -d, tar) would fail on a
/// file that looks like a backup. Refuse it up front and name the extensions pgsnap does write.
/// </summary>
internal static class OutputFileExtension
{
    private static readonly string[] s_foreign =
    [
        ".dump", ".backup", ".custom", ".pgdump", ".tar", ".tgz", ".bz2", ".zstd", ".xz", ".lzma", ".zip", ".7z", ".br",
    ];

    public static void Check(string path)
    {
        foreach (var extension in s_foreign)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                throw new PgSnapException(
                    PgSnapErrorKind.Usage,
                    $"output file name ends in \"{extension}\", a format pgsnap does not write: name it .sql, .sql.gz, .sql.lz4 or .sql.zst (plain SQL, raw, gzip, LZ4 or zstd)");
            }
        }
    }
}
