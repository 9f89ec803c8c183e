using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Catalog;

/// <summary>The text search objects of one dump, in the order they are emitted.</summary>
internal sealed record TextSearchObjects(
    IReadOnlyList<TextSearchParserRecord> Parsers,
    IReadOnlyList<TextSearchTemplateRecord> Templates,
    IReadOnlyList<TextSearchDictionaryRecord> Dictionaries,
    IReadOnlyList<TextSearchConfigurationRecord> Configurations);

/// <summary>Text search parsers, templates, dictionaries and configurations (with their token mappings) of dumped schemas, not those of extensions.</summary>
internal static class TextSearchReader
{
    public static async Task<TextSearchObjects> ReadAsync(CatalogSession session, CancellationToken ct)
    {
        var schemas = ("schemas", (object)session.DumpedSchemaOids);
        List<TextSearchParserRecord> parsers = [];
        List<TextSearchTemplateRecord> templates = [];
        List<TextSearchDictionaryRecord> dictionaries = [];
        List<TextSearchConfigurationRecord> configs = [];
        List<(uint Config, TextSearchMapping Mapping)> mappings = [];

        // Five independent queries, one round trip.
        await session.QueryBatchAsync(
            ct,
            CatalogQuery.Into(
            parsers,
            """
            SELECT p.oid, n.nspname, p.prsname, p.prsstart::pg_catalog.regproc::text, p.prstoken::pg_catalog.regproc::text, p.prsend::pg_catalog.regproc::text,
                   p.prslextype::pg_catalog.regproc::text, NULLIF(p.prsheadline, 0)::pg_catalog.regproc::text
            FROM pg_catalog.pg_ts_parser p JOIN pg_catalog.pg_namespace n ON n.oid = p.prsnamespace WHERE p.prsnamespace = ANY(@schemas)
            """,
            r => new TextSearchParserRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.Str(7),
                session.DescriptionOf(CatalogId.PgTsParser, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            templates,
            """
            SELECT t.oid, n.nspname, t.tmplname, NULLIF(t.tmplinit, 0)::pg_catalog.regproc::text, t.tmpllexize::pg_catalog.regproc::text
            FROM pg_catalog.pg_ts_template t JOIN pg_catalog.pg_namespace n ON n.oid = t.tmplnamespace WHERE t.tmplnamespace = ANY(@schemas)
            """,
            r => new TextSearchTemplateRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.Str(3), r.GetString(4), session.DescriptionOf(CatalogId.PgTsTemplate, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            dictionaries,
            """
            SELECT d.oid, n.nspname, d.dictname, pg_catalog.pg_get_userbyid(d.dictowner), tn.nspname, t.tmplname, d.dictinitoption
            FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
            JOIN pg_catalog.pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_catalog.pg_namespace tn ON tn.oid = t.tmplnamespace
            WHERE d.dictnamespace = ANY(@schemas)
            """,
            r => new TextSearchDictionaryRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.Str(6),
                session.DescriptionOf(CatalogId.PgTsDict, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            configs,
            """
            SELECT c.oid, n.nspname, c.cfgname, pg_catalog.pg_get_userbyid(c.cfgowner), pn.nspname, p.prsname
            FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
            JOIN pg_catalog.pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_catalog.pg_namespace pn ON pn.oid = p.prsnamespace
            WHERE c.cfgnamespace = ANY(@schemas)
            """,
            r => new TextSearchConfigurationRecord(r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), [],
                session.DescriptionOf(CatalogId.PgTsConfig, r.Oid(0))),
            schemas),
            CatalogQuery.Into(
            mappings,
            """
            SELECT m.mapcfg, t.alias, pg_catalog.array_agg(m.mapdict::pg_catalog.regdictionary::text ORDER BY m.mapseqno)
            FROM pg_catalog.pg_ts_config_map m JOIN pg_catalog.pg_ts_config c ON c.oid = m.mapcfg,
                 LATERAL pg_catalog.ts_token_type(c.cfgparser) t
            WHERE t.tokid = m.maptokentype AND c.cfgnamespace = ANY(@schemas)
            GROUP BY m.mapcfg, m.maptokentype, t.alias ORDER BY m.mapcfg, m.maptokentype
            """,
            r => (Config: r.Oid(0), Mapping: new TextSearchMapping(r.GetString(1), r.GetFieldValue<string[]>(2))),
            schemas)).ConfigureAwait(false);
        var mappingsOf = mappings.ToLookup(m => m.Config, m => m.Mapping);

        return new TextSearchObjects(
            [.. parsers.Where(p => !session.IsExtensionMember(CatalogId.PgTsParser, p.Oid))],
            [.. templates.Where(t => !session.IsExtensionMember(CatalogId.PgTsTemplate, t.Oid))],
            [.. dictionaries.Where(d => !session.IsExtensionMember(CatalogId.PgTsDict, d.Oid))],
            [.. configs.Where(c => !session.IsExtensionMember(CatalogId.PgTsConfig, c.Oid)).Select(c => c with { Mappings = [.. mappingsOf[c.Oid]] })]);
    }
}
