namespace PgSnap.Catalog;

/// <summary>
/// Which extensions a dump creates, as pg_dump's selectDumpableExtension decides: the built-in ones (oid below
/// 16384, plpgsql) never; with -e only those matching its patterns; otherwise all of them unless -n or -t narrow
/// the dump; never one matching --exclude-extension. Patterns are names without a schema (an extension has none).
/// With --strict-names an -e pattern that matches nothing is an error; -e matching nothing at all always is.
/// </summary>
internal static class ExtensionSelection
{
    /// <summary>The extensions a dump may create: oid and name (the selection reads it in its batch).</summary>
    public static readonly string Sql = $"SELECT oid, extname FROM pg_catalog.pg_extension WHERE oid >= {Model.CatalogId.FirstNormalObjectId}";

    public static void Select(CatalogSession session, IReadOnlyList<(uint Oid, string Name)> extensions)
    {
        var options = session.Options;
        var include = ObjectSelection.Parse(options.IncludeExtensions, 1);
        var exclude = ObjectSelection.Parse(options.ExcludeExtensions, 1);
        if (options.StrictNames)
        {
            foreach (var p in include.Where(p => !extensions.Any(e => p.Name.IsMatch(e.Name))))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"no matching extensions were found for pattern \"{p.Text}\"");
            }
        }

        if (include.Count > 0 && !extensions.Any(e => include.Any(p => p.Name.IsMatch(e.Name))))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "no matching extensions were found");
        }

        foreach (var (oid, name) in extensions)
        {
            var wanted = include.Count > 0 ? include.Any(p => p.Name.IsMatch(name)) : !session.IsSelective;
            var excluded = exclude.Any(p => p.Name.IsMatch(name));
            if (wanted && !excluded)
            {
                session.DumpedExtensions.Add(oid);
            }

            if (excluded || (include.Count > 0 && !wanted))
            {
                session.ExtensionsLeftOutByName.Add(oid);
            }
        }
    }
}
