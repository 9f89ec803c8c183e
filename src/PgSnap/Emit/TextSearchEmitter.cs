using System.Text;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE TEXT SEARCH PARSER / TEMPLATE / DICTIONARY / CONFIGURATION blocks (parsers and templates have no owner),
/// a configuration with one ALTER … ADD MAPPING per token type.
/// </summary>
internal static class TextSearchEmitter
{
    public static DumpObject EmitParser(TextSearchParserRecord p, EmitContext context)
    {
        var qn = context.Quoting.Qualified(p.Schema, p.Name);
        var sb = new StringBuilder("CREATE TEXT SEARCH PARSER ").Append(qn).Append(" (\n    START = ").Append(p.Start)
            .Append(",\n    GETTOKEN = ").Append(p.GetToken).Append(",\n    END = ").Append(p.End).Append(",\n    LEXTYPES = ").Append(p.LexTypes);
        if (p.Headline is not null)
        {
            sb.Append(",\n    HEADLINE = ").Append(p.Headline);
        }

        sb.Append(" );\n");
        context.Describe(sb, "TEXT SEARCH PARSER", qn, p.Description);
        return Block(context, CatalogId.PgTsParser, p.Oid, "TEXT SEARCH PARSER", p.Schema, p.Name, null, SortPriority.TextSearchParser, sb, qn);
    }

    public static DumpObject EmitTemplate(TextSearchTemplateRecord t, EmitContext context)
    {
        var qn = context.Quoting.Qualified(t.Schema, t.Name);
        var sb = new StringBuilder("CREATE TEXT SEARCH TEMPLATE ").Append(qn).Append(" (\n    ");
        if (t.Init is not null)
        {
            sb.Append("INIT = ").Append(t.Init).Append(",\n    ");
        }

        sb.Append("LEXIZE = ").Append(t.Lexize).Append(" );\n");
        context.Describe(sb, "TEXT SEARCH TEMPLATE", qn, t.Description);
        return Block(context, CatalogId.PgTsTemplate, t.Oid, "TEXT SEARCH TEMPLATE", t.Schema, t.Name, null, SortPriority.TextSearchTemplate, sb, qn);
    }

    public static DumpObject EmitDictionary(TextSearchDictionaryRecord d, EmitContext context)
    {
        var q = context.Quoting;
        var qn = q.Qualified(d.Schema, d.Name);
        var sb = new StringBuilder("CREATE TEXT SEARCH DICTIONARY ").Append(qn).Append(" (\n    TEMPLATE = ").Append(q.Qualified(d.TemplateSchema, d.Template));
        if (d.Options is not null)
        {
            sb.Append(",\n    ").Append(d.Options);
        }

        sb.Append(" );\n");
        context.Decorations.Owner(sb, "TEXT SEARCH DICTIONARY", qn, d.Owner);
        context.Describe(sb, "TEXT SEARCH DICTIONARY", qn, d.Description);
        return Block(context, CatalogId.PgTsDict, d.Oid, "TEXT SEARCH DICTIONARY", d.Schema, d.Name, d.Owner, SortPriority.TextSearchDictionary, sb, qn);
    }

    public static DumpObject EmitConfiguration(TextSearchConfigurationRecord c, EmitContext context)
    {
        var q = context.Quoting;
        var qn = q.Qualified(c.Schema, c.Name);
        var sb = new StringBuilder("CREATE TEXT SEARCH CONFIGURATION ").Append(qn).Append(" (\n    PARSER = ").Append(q.Qualified(c.ParserSchema, c.Parser)).Append(" );\n");
        foreach (var m in c.Mappings)
        {
            sb.Append("ALTER TEXT SEARCH CONFIGURATION ").Append(qn).Append("\n    ADD MAPPING FOR ").Append(q.Ident(m.Token))
              .Append(" WITH ").Append(string.Join(", ", m.Dictionaries)).Append(";\n");
        }

        context.Decorations.Owner(sb, "TEXT SEARCH CONFIGURATION", qn, c.Owner);
        context.Describe(sb, "TEXT SEARCH CONFIGURATION", qn, c.Description);
        return Block(context, CatalogId.PgTsConfig, c.Oid, "TEXT SEARCH CONFIGURATION", c.Schema, c.Name, c.Owner, SortPriority.TextSearchConfiguration, sb, qn);
    }

    private static DumpObject Block(EmitContext context, uint classId, uint oid, string kind, string schema, string name, string? owner, SortPriority priority, StringBuilder sb, string qn) =>
        new()
        {
            Id = new CatalogId(classId, oid),
            Kind = kind,
            Schema = schema,
            Name = name,
            Owner = owner,
            Section = DumpSection.PreData,
            Priority = priority,
            Sql = sb.ToString(),
            DropSql = context.Decorations.Drop(kind, qn),
        };
}
