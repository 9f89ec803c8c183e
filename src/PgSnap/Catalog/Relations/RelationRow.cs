using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>Helpers every relation writer shares: aliases, parent names, and the privileges and comments block.</summary>
internal static class RelationRowExtensions
{
    public static void AppendDecorations(CatalogSession session, StringBuilder sb, RelRow rel, string qn, List<ColumnRow> cols)
    {
        var d = session.Decorations;
        var q = session.Quoting;
        d.Acl(sb, "TABLE", qn, null, rel.Acl, rel.InitialAcl, rel.Owner, new(CatalogId.PgClass, rel.Oid), writeOutDefault: true);
        session.Describe(sb, rel.Kind switch { 'v' => "VIEW", 'm' => "MATERIALIZED VIEW", 'f' => "FOREIGN TABLE", _ => "TABLE" }, qn, CatalogId.PgClass, rel.Oid);
        foreach (var c in cols)
        {
            session.Describe(sb, "COLUMN", qn + "." + q.Ident(c.Name), CatalogId.PgClass, rel.Oid, c.Number);
            d.Acl(sb, "TABLE", qn, q.Ident(c.Name), c.Acl, null, rel.Owner, new(CatalogId.PgClass, rel.Oid, c.Number));
        }
    }

    public static void AddAliases(DumpObject obj, RelRow rel)
    {
        if (rel.RowType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowType));
        }

        if (rel.RowArrayType != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgType, rel.RowArrayType));
        }

        if (rel.ReturnRule != 0)
        {
            obj.Aliases.Add(new CatalogId(CatalogId.PgRewrite, rel.ReturnRule));
        }
    }

    public static string ParentName(Quoting q, Dictionary<uint, RelRow> relById, uint parent) =>
        relById.TryGetValue(parent, out var p) ? q.Qualified(p.Schema, p.Name) : "pg_catalog.regclass_out_of_dump_" + parent.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One relation as the main relation query returns it.</summary>
internal sealed record RelRow(
    uint Oid, string Schema, string Name, char Kind, string Owner, string[]? Acl, string[]? InitialAcl, char Persistence,
    string[]? Options, string[]? ToastOptions, bool IsPartition, string? PartitionBound, string? PartitionKey, char ReplicaIdentity,
    bool RowSecurity, bool ForceRowSecurity, double RelTuples, long RelPages, string? ViewDefinition, bool IsPopulated,
    string? AccessMethod, uint RowType, uint RowArrayType, long SizeBytes, uint[] Parents, string? ForeignServer,
    string[]? ForeignOptions, uint ReturnRule, string? OfType, string? Tablespace);
