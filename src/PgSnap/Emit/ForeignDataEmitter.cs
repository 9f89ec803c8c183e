using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>CREATE FOREIGN DATA WRAPPER, CREATE SERVER and CREATE USER MAPPING blocks with their decorations.</summary>
internal static class ForeignDataEmitter
{
    public static DumpObject EmitWrapper(ForeignDataWrapperRecord w, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Ident(w.Name);
        var sb = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").Append(qn);
        sb.Append(w.Handler is null ? string.Empty : " HANDLER " + w.Handler);
        sb.Append(w.Validator is null ? " NO VALIDATOR" : " VALIDATOR " + w.Validator);
        AppendOptions(q, sb, w.Options);
        sb.Append(";\n");
        d.Owner(sb, "FOREIGN DATA WRAPPER", qn, w.Owner);
        d.Acl(sb, "FOREIGN DATA WRAPPER", qn, null, w.Acl, w.InitialAcl, of: new(CatalogId.PgForeignDataWrapper, w.Oid));
        context.Describe(sb, "FOREIGN DATA WRAPPER", qn, w.Description);
        return new DumpObject
        {
            Id = new CatalogId(CatalogId.PgForeignDataWrapper, w.Oid),
            Kind = "FOREIGN DATA WRAPPER",
            Schema = null,
            Name = w.Name,
            Owner = w.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.ForeignDataWrapper,
            Sql = sb.ToString(),
            DropSql = d.Drop("FOREIGN DATA WRAPPER", qn),
        };
    }

    /// <summary>The server's block, then one block per user mapping, each depending on the server.</summary>
    public static IEnumerable<DumpObject> EmitServer(ForeignServerRecord s, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Ident(s.Name);
        var sb = new StringBuilder("CREATE SERVER ").Append(qn);
        if (s.Type is not null)
        {
            sb.Append(" TYPE ").Append(Ddl.Quoting.Literal(s.Type));
        }

        if (s.Version is not null)
        {
            sb.Append(" VERSION ").Append(Ddl.Quoting.Literal(s.Version));
        }

        sb.Append(" FOREIGN DATA WRAPPER ").Append(q.Ident(s.Wrapper));
        AppendOptions(q, sb, s.Options);
        sb.Append(";\n");
        d.Owner(sb, "SERVER", qn, s.Owner);
        d.Acl(sb, "FOREIGN SERVER", qn, null, s.Acl, s.InitialAcl, of: new(CatalogId.PgForeignServer, s.Oid));
        context.Describe(sb, "SERVER", qn, s.Description);
        var server = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgForeignServer, s.Oid),
            Kind = "SERVER",
            Schema = null,
            Name = s.Name,
            Owner = s.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.ForeignServer,
            Sql = sb.ToString(),
            DropSql = d.Drop("SERVER", qn),
        };
        server.DependsOn.Add(new CatalogId(CatalogId.PgForeignDataWrapper, s.WrapperOid));
        yield return server;
        foreach (var m in s.Mappings)
        {
            var user = m.User == "public" ? "PUBLIC" : q.Ident(m.User);
            var msb = new StringBuilder("CREATE USER MAPPING FOR ").Append(user).Append(" SERVER ").Append(qn);
            AppendOptions(q, msb, m.Options);
            msb.Append(";\n");
            var mapping = new DumpObject
            {
                Id = new CatalogId(CatalogId.PgUserMapping, m.Oid),
                Kind = "USER MAPPING",
                Schema = null,
                Name = "USER MAPPING " + m.User + " SERVER " + s.Name,
                Owner = s.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.ForeignServer,
                Sql = msb.ToString(),
                DropSql = "DROP USER MAPPING " + (context.Options.IfExists ? "IF EXISTS " : string.Empty) + "FOR " + user + " SERVER " + qn + ";\n",
            };
            mapping.DependsOn.Add(server.Id);
            yield return mapping;
        }
    }

    private static void AppendOptions(Ddl.Quoting q, StringBuilder sb, string[]? options)
    {
        if (options is { Length: > 0 })
        {
            sb.Append(" OPTIONS (\n    ").Append(q.OptionList(options, " ", joiner: ",\n    ")).Append("\n)");
        }
    }
}
