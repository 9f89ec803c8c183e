using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE SCHEMA with its owner, privileges, comment and labels. The public schema exists in every new database, so
/// it is never created or dropped: only what differs from a fresh database's is written (owner other than
/// pg_database_owner, privileges measured by <see cref="PublicSchemaPrivileges"/>, a comment other than the standard
/// one), and nothing at all when nothing differs.
/// </summary>
internal static class SchemaEmitter
{
    /// <summary>The comment every new database gives its public schema.</summary>
    private const string StandardPublicComment = "standard public schema";

    public static DumpObject? Emit(SchemaRecord s, EmitContext context)
    {
        var d = context.Decorations;
        var qn = context.Quoting.Ident(s.Name);
        var isPublic = s.Name == "public";
        var sb = new StringBuilder();
        if (!isPublic)
        {
            sb.Append("CREATE SCHEMA ").Append(qn).Append(";\n");
        }

        if (!isPublic || s.Owner != "pg_database_owner")
        {
            d.Owner(sb, "SCHEMA", qn, s.Owner);
        }

        if (isPublic)
        {
            var (baseline, preamble) = PublicSchemaPrivileges.Plan(s.FullAcl, s.OwnerItem, s.PublicUsage, s.SourceVersion);
            d.AclStatements(sb, preamble);
            d.Acl(sb, "SCHEMA", qn, null, s.FullAcl, baseline, of: new(CatalogId.PgNamespace, s.Oid));
        }
        else
        {
            d.Acl(sb, "SCHEMA", qn, null, s.Acl, s.InitialAcl, of: new(CatalogId.PgNamespace, s.Oid));
        }

        if (!(isPublic && s.Description.Comment == StandardPublicComment))
        {
            context.Describe(sb, "SCHEMA", qn, s.Description);
        }

        if (sb.Length == 0)
        {
            return null;
        }

        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgNamespace, s.Oid),
            Kind = "SCHEMA",
            Schema = null,
            Name = s.Name,
            Owner = s.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Namespace,
            Sql = sb.ToString(),
            DropSql = isPublic ? null : d.Drop("SCHEMA", qn),
        };
    }
}
