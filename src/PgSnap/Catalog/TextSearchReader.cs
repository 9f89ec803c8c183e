using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>Text search parsers, templates, dictionaries and configurations (with their token mappings) of dumped schemas.</summary>
internal static class TextSearchReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var schemas = ("schemas", (object)session.DumpedSchemaOids);

        var parsers = await session.QueryAsync(
            """
            SELECT p.oid, n.nspname, p.prsname, p.prsstart::pg_catalog.regproc::text, p.prstoken::pg_catalog.regproc::text, p.prsend::pg_catalog.regproc::text,
                   p.prslextype::pg_catalog.regproc::text, NULLIF(p.prsheadline, 0)::pg_catalog.regproc::text
            FROM pg_catalog.pg_ts_parser p JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace WHERE p.prsnamespace = ANY(@schemas)
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Start: r.GetString(3), Token: r.GetString(4), End: r.GetString(5), LexTypes: r.GetString(6), Headline: r.Str(7)),
            ct,
            schemas);
        foreach (var p in parsers.Where(p => !session.IsExtensionMember(CatalogId.PgTsParser, p.Oid)))
        {
            var qn = q.Qualified(p.Schema, p.Name);
            var sb = new StringBuilder("CREATE TEXT SEARCH PARSER ").Append(qn).Append(" (\n    START = ").Append(p.Start)
                .Append(",\n    GETTOKEN = ").Append(p.Token).Append(",\n    END = ").Append(p.End).Append(",\n    LEXTYPES = ").Append(p.LexTypes);
            if (p.Headline is not null)
            {
                sb.Append(",\n    HEADLINE = ").Append(p.Headline);
            }

            sb.Append(" );\n");
            session.Describe(sb, "TEXT SEARCH PARSER", qn, CatalogId.PgTsParser, p.Oid);
            Add(session, plan, CatalogId.PgTsParser, p.Oid, "TEXT SEARCH PARSER", p.Schema, p.Name, null, SortPriority.TextSearchParser, sb, qn);
        }

        var templates = await session.QueryAsync(
            """
            SELECT t.oid, n.nspname, t.tmplname, NULLIF(t.tmplinit, 0)::pg_catalog.regproc::text, t.tmpllexize::pg_catalog.regproc::text
            FROM pg_catalog.pg_ts_template t JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace WHERE t.tmplnamespace = ANY(@schemas)
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Init: r.Str(3), Lexize: r.GetString(4)),
            ct,
            schemas);
        foreach (var t in templates.Where(t => !session.IsExtensionMember(CatalogId.PgTsTemplate, t.Oid)))
        {
            var qn = q.Qualified(t.Schema, t.Name);
            var sb = new StringBuilder("CREATE TEXT SEARCH TEMPLATE ").Append(qn).Append(" (\n    ");
            if (t.Init is not null)
            {
                sb.Append("INIT = ").Append(t.Init).Append(",\n    ");
            }

            sb.Append("LEXIZE = ").Append(t.Lexize).Append(" );\n");
            session.Describe(sb, "TEXT SEARCH TEMPLATE", qn, CatalogId.PgTsTemplate, t.Oid);
            Add(session, plan, CatalogId.PgTsTemplate, t.Oid, "TEXT SEARCH TEMPLATE", t.Schema, t.Name, null, SortPriority.TextSearchTemplate, sb, qn);
        }

        var dictionaries = await session.QueryAsync(
            """
            SELECT d.oid, n.nspname, d.dictname, pg_catalog.pg_get_userbyid(d.dictowner), tn.nspname, t.tmplname, d.dictinitoption
            FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
            JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
            WHERE d.dictnamespace = ANY(@schemas)
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), TemplateSchema: r.GetString(4), Template: r.GetString(5), Options: r.Str(6)),
            ct,
            schemas);
        foreach (var d in dictionaries.Where(d => !session.IsExtensionMember(CatalogId.PgTsDict, d.Oid)))
        {
            var qn = q.Qualified(d.Schema, d.Name);
            var sb = new StringBuilder("CREATE TEXT SEARCH DICTIONARY ").Append(qn).Append(" (\n    TEMPLATE = ").Append(q.Qualified(d.TemplateSchema, d.Template));
            if (d.Options is not null)
            {
                sb.Append(",\n    ").Append(d.Options);
            }

            sb.Append(" );\n");
            session.Decorations.Owner(sb, "TEXT SEARCH DICTIONARY", qn, d.Owner);
            session.Describe(sb, "TEXT SEARCH DICTIONARY", qn, CatalogId.PgTsDict, d.Oid);
            Add(session, plan, CatalogId.PgTsDict, d.Oid, "TEXT SEARCH DICTIONARY", d.Schema, d.Name, d.Owner, SortPriority.TextSearchDictionary, sb, qn);
        }

        var configs = await session.QueryAsync(
            """
            SELECT c.oid, n.nspname, c.cfgname, pg_catalog.pg_get_userbyid(c.cfgowner), pn.nspname, p.prsname
            FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
            JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
            WHERE c.cfgnamespace = ANY(@schemas)
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Owner: r.GetString(3), ParserSchema: r.GetString(4), Parser: r.GetString(5)),
            ct,
            schemas);
        var mappings = (await session.QueryAsync(
            """
            SELECT m.mapcfg, t.alias, pg_catalog.array_agg(m.mapdict::pg_catalog.regdictionary::text ORDER BY m.mapseqno)
            FROM pg_catalog.pg_ts_config_map m JOIN pg_catalog.pg_ts_config c ON c.oid = m.mapcfg,
                 LATERAL pg_catalog.ts_token_type(c.cfgparser) t
            WHERE t.tokid = m.maptokentype AND c.cfgnamespace = ANY(@schemas)
            GROUP BY m.mapcfg, m.maptokentype, t.alias ORDER BY m.mapcfg, m.maptokentype
            """,
            r => (Config: r.Oid(0), Token: r.GetString(1), Dictionaries: r.GetFieldValue<string[]>(2)),
            ct,
            schemas)).ToLookup(m => m.Config);
        foreach (var c in configs.Where(c => !session.IsExtensionMember(CatalogId.PgTsConfig, c.Oid)))
        {
            var qn = q.Qualified(c.Schema, c.Name);
            var sb = new StringBuilder("CREATE TEXT SEARCH CONFIGURATION ").Append(qn).Append(" (\n    PARSER = ").Append(q.Qualified(c.ParserSchema, c.Parser)).Append(" );\n");
            foreach (var m in mappings[c.Oid])
            {
                sb.Append("ALTER TEXT SEARCH CONFIGURATION ").Append(qn).Append("\n    ADD MAPPING FOR ").Append(q.Ident(m.Token))
                  .Append(" WITH ").Append(string.Join(", ", m.Dictionaries)).Append(";\n");
            }

            session.Decorations.Owner(sb, "TEXT SEARCH CONFIGURATION", qn, c.Owner);
            session.Describe(sb, "TEXT SEARCH CONFIGURATION", qn, CatalogId.PgTsConfig, c.Oid);
            Add(session, plan, CatalogId.PgTsConfig, c.Oid, "TEXT SEARCH CONFIGURATION", c.Schema, c.Name, c.Owner, SortPriority.TextSearchConfiguration, sb, qn);
        }
    }

    private static void Add(CatalogSession session, PlanBuilder plan, uint classId, uint oid, string kind, string schema, string name, string? owner, SortPriority priority, StringBuilder sb, string qn) =>
        plan.Add(new DumpObject
        {
            Id = new CatalogId(classId, oid),
            Kind = kind,
            Schema = schema,
            Name = name,
            Owner = owner,
            Section = DumpSection.PreData,
            Priority = priority,
            Sql = sb.ToString(),
            DropSql = session.Decorations.Drop(kind, qn),
        });
}
