using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE [TRUSTED] PROCEDURAL LANGUAGE with its handlers, owner, privileges, comment and labels.</summary>
internal static class LanguageEmitter
{
    public static DumpObject Emit(LanguageRecord l, EmitContext context)
    {
        var d = context.Decorations;
        var name = context.Quoting.Ident(l.Name);
        var sb = new StringBuilder("CREATE ").Append(l.Trusted ? "TRUSTED " : string.Empty).Append("PROCEDURAL LANGUAGE ").Append(name)
            .Append(" HANDLER ").Append(l.Handler);
        if (l.Inline is not null)
        {
            sb.Append(" INLINE ").Append(l.Inline);
        }

        if (l.Validator is not null)
        {
            sb.Append(" VALIDATOR ").Append(l.Validator);
        }

        sb.Append(";\n");
        d.Owner(sb, "LANGUAGE", name, l.Owner);
        d.Acl(sb, "LANGUAGE", name, null, l.Acl, l.InitialAcl, of: new(CatalogId.PgLanguage, l.Oid));
        context.Describe(sb, "LANGUAGE", name, l.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgLanguage, l.Oid),
            Kind = "PROCEDURAL LANGUAGE",
            Schema = null,
            Name = l.Name,
            Owner = l.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.ProcLanguage,
            Sql = sb.ToString(),
            DropSql = d.Drop("PROCEDURAL LANGUAGE", name),
        };
    }
}
