using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Foreign-data wrappers, foreign servers and user mappings (foreign tables are read with the other relations).
/// These are database-wide objects, left out when -n or -t narrows the dump.
/// </summary>
internal static class ForeignDataReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        if (session.IsSelective)
        {
            return;
        }

        var q = session.Quoting;
        var d = session.Decorations;
        var wrappers = await session.QueryAsync(
            """
            SELECT w.oid, w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner), NULLIF(w.fdwhandler, 0)::pg_catalog.regproc::text,
                   NULLIF(w.fdwvalidator, 0)::pg_catalog.regproc::text, w.fdwoptions, w.fdwacl::text[], pg_catalog.acldefault('F', w.fdwowner)::text[]
            FROM pg_catalog.pg_foreign_data_wrapper w ORDER BY w.fdwname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Owner: r.GetString(2), Handler: r.Str(3), Validator: r.Str(4), Options: r.Arr(5), Acl: r.Arr(6), Initial: r.Arr(7)),
            ct);
        foreach (var w in wrappers)
        {
            if (session.IsExtensionMember(CatalogId.PgForeignDataWrapper, w.Oid))
            {
                continue;
            }

            var qn = q.Ident(w.Name);
            var sb = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").Append(qn);
            sb.Append(w.Handler is null ? string.Empty : " HANDLER " + w.Handler);
            sb.Append(w.Validator is null ? " NO VALIDATOR" : " VALIDATOR " + w.Validator);
            AppendOptions(q, sb, w.Options);
            sb.Append(";\n");
            d.Owner(sb, "FOREIGN DATA WRAPPER", qn, w.Owner);
            d.Acl(sb, "FOREIGN DATA WRAPPER", qn, null, w.Acl, w.Initial, of: new(CatalogId.PgForeignDataWrapper, w.Oid));
            session.Describe(sb, "FOREIGN DATA WRAPPER", qn, CatalogId.PgForeignDataWrapper, w.Oid);
            plan.Add(new DumpObject
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
            });
        }

        var servers = await session.QueryAsync(
            """
            SELECT s.oid, s.srvname, pg_catalog.pg_get_userbyid(s.srvowner), w.fdwname, s.srvtype, s.srvversion, s.srvoptions,
                   s.srvacl::text[], pg_catalog.acldefault('S', s.srvowner)::text[], s.srvfdw
            FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw ORDER BY s.srvname
            """,
            r => (Oid: r.Oid(0), Name: r.GetString(1), Owner: r.GetString(2), Wrapper: r.GetString(3), Type: r.Str(4), Version: r.Str(5), Options: r.Arr(6), Acl: r.Arr(7), Initial: r.Arr(8), WrapperOid: r.Oid(9)),
            ct);
        var mappings = (await session.QueryAsync(
            "SELECT m.srvid, m.usename, m.umoptions, m.umid FROM pg_catalog.pg_user_mappings m ORDER BY m.usename",
            r => (Server: r.Oid(0), User: r.GetString(1), Options: r.Arr(2), Id: r.Oid(3)),
            ct)).ToLookup(m => m.Server);
        foreach (var s in servers)
        {
            if (session.IsExtensionMember(CatalogId.PgForeignServer, s.Oid))
            {
                continue;
            }

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
            d.Acl(sb, "FOREIGN SERVER", qn, null, s.Acl, s.Initial, of: new(CatalogId.PgForeignServer, s.Oid));
            session.Describe(sb, "SERVER", qn, CatalogId.PgForeignServer, s.Oid);
            var server = plan.Add(new DumpObject
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
            });
            server.DependsOn.Add(new CatalogId(CatalogId.PgForeignDataWrapper, s.WrapperOid));
            foreach (var m in mappings[s.Oid])
            {
                var user = m.User == "public" ? "PUBLIC" : q.Ident(m.User);
                var msb = new StringBuilder("CREATE USER MAPPING FOR ").Append(user).Append(" SERVER ").Append(qn);
                AppendOptions(q, msb, m.Options);
                msb.Append(";\n");
                var mapping = plan.Add(new DumpObject
                {
                    Id = new CatalogId(CatalogId.PgUserMapping, m.Id),
                    Kind = "USER MAPPING",
                    Schema = null,
                    Name = "USER MAPPING " + m.User + " SERVER " + s.Name,
                    Owner = s.Owner,
                    Section = DumpSection.PreData,
                    Priority = SortPriority.ForeignServer,
                    Sql = msb.ToString(),
                    DropSql = "DROP USER MAPPING " + (session.Options.IfExists ? "IF EXISTS " : string.Empty) + "FOR " + user + " SERVER " + qn + ";\n",
                });
                mapping.DependsOn.Add(server.Id);
            }
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
