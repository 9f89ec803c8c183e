using System.Text;
using PgSnap.Dump;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads functions, procedures, window functions (the server's pg_get_functiondef writes them whole) and
/// aggregates (written here from pg_aggregate, as no server function prints CREATE AGGREGATE).
/// </summary>
internal static class FunctionReader
{
    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var rows = await session.QueryAsync(
            """
            SELECT p.oid, n.nspname, p.proname, p.prokind::text, pg_catalog.pg_get_userbyid(p.proowner), p.proacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('f', p.proowner))::text[],
                   pg_catalog.pg_get_function_identity_arguments(p.oid),
                   CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,
                   CASE WHEN p.prokind = 'a' THEN pg_catalog.pg_get_function_arguments(p.oid) END
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = p.oid AND ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE p.pronamespace = ANY(@schemas)
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'i')
            ORDER BY n.nspname, p.proname, 8
            """,
            r => (Oid: r.Oid(0), Schema: r.GetString(1), Name: r.GetString(2), Kind: r.GetString(3)[0], Owner: r.GetString(4), Acl: r.Arr(5),
                  Initial: r.Arr(6), Args: r.GetString(7), Def: r.Str(8), AggArgs: r.Str(9)),
            ct,
            ("schemas", session.DumpedSchemaOids));
        var aggregates = await ReadAggregatesAsync(session, rows.Where(r => r.Kind == 'a').Select(r => r.Oid).ToArray(), ct);
        var supabase = session.Options.Profile == DumpProfile.Supabase;
        foreach (var f in rows)
        {
            if (session.IsExtensionMember(CatalogId.PgProc, f.Oid) || (supabase && SupabaseProfile.PlatformOwners.Contains(f.Owner)))
            {
                continue;
            }

            var keyword = f.Kind switch { 'p' => "PROCEDURE", 'a' => "AGGREGATE", _ => "FUNCTION" };
            var args = f.Kind == 'a' && f.Args.Length == 0 ? "*" : f.Args;
            var signature = q.Qualified(f.Schema, f.Name) + "(" + args + ")";
            var sb = new StringBuilder();
            if (f.Kind == 'a')
            {
                sb.Append(aggregates[f.Oid].ToSql(q.Qualified(f.Schema, f.Name), f.AggArgs is { Length: > 0 } a ? a : "*"));
            }
            else
            {
                sb.Append(f.Def!.TrimEnd('\n')).Append(";\n");
            }

            d.Owner(sb, keyword, signature, f.Owner);
            d.Acl(sb, f.Kind == 'p' ? "PROCEDURE" : "FUNCTION", signature, null, f.Acl, f.Initial, of: new(CatalogId.PgProc, f.Oid), writeOutDefault: true);
            session.Describe(sb, keyword, signature, CatalogId.PgProc, f.Oid);
            plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgProc, f.Oid),
                Kind = keyword,
                Schema = f.Schema,
                Name = f.Name + "(" + args + ")",
                Owner = f.Owner,
                Section = DumpSection.PreData,
                Priority = f.Kind == 'a' ? SortPriority.Aggregate : SortPriority.Function,
                Sql = sb.ToString(),
                DropSql = d.Drop(keyword, signature),
            });
        }
    }

    private static async Task<Dictionary<uint, Aggregate>> ReadAggregatesAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT a.aggfnoid::pg_catalog.oid, a.aggkind::text, a.aggtransfn::pg_catalog.regproc::text, pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace,
                   NULLIF(a.aggfinalfn, 0)::pg_catalog.regproc::text, a.aggfinalextra, a.aggfinalmodify::text,
                   NULLIF(a.aggcombinefn, 0)::pg_catalog.regproc::text, NULLIF(a.aggserialfn, 0)::pg_catalog.regproc::text,
                   NULLIF(a.aggdeserialfn, 0)::pg_catalog.regproc::text, a.agginitval,
                   NULLIF(a.aggmtransfn, 0)::pg_catalog.regproc::text, NULLIF(a.aggminvtransfn, 0)::pg_catalog.regproc::text,
                   CASE WHEN a.aggmtranstype <> 0 THEN pg_catalog.format_type(a.aggmtranstype, NULL) END, a.aggmtransspace,
                   NULLIF(a.aggmfinalfn, 0)::pg_catalog.regproc::text, a.aggmfinalextra, a.aggmfinalmodify::text, a.aggminitval,
                   CASE WHEN a.aggsortop <> 0 THEN a.aggsortop::pg_catalog.regoperator::text END, p.proparallel::text
            FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
            WHERE a.aggfnoid = ANY(@oids)
            """,
            r => new Aggregate(
                r.Oid(0), r.GetString(1)[0], r.GetString(2), r.GetString(3), r.GetInt32(4), r.Str(5), r.GetBoolean(6), r.GetString(7)[0],
                r.Str(8), r.Str(9), r.Str(10), r.Str(11), r.Str(12), r.Str(13), r.Str(14), r.GetInt32(15), r.Str(16), r.GetBoolean(17),
                r.GetString(18)[0], r.Str(19), r.Str(20), r.GetString(21)[0]),
            ct,
            ("oids", oids));
        return rows.ToDictionary(a => a.Oid);
    }

    private sealed record Aggregate(
        uint Oid, char Kind, string TransFn, string TransType, int TransSpace, string? FinalFn, bool FinalExtra, char FinalModify,
        string? CombineFn, string? SerialFn, string? DeserialFn, string? InitVal, string? MTransFn, string? MInvTransFn,
        string? MTransType, int MTransSpace, string? MFinalFn, bool MFinalExtra, char MFinalModify, string? MInitVal,
        string? SortOp, char Parallel)
    {
        public string ToSql(string name, string args)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var items = new List<string> { "SFUNC = " + TransFn, "STYPE = " + TransType };
            if (TransSpace != 0)
            {
                items.Add("SSPACE = " + TransSpace.ToString(inv));
            }

            if (InitVal is not null)
            {
                items.Add("INITCOND = " + Ddl.Quoting.Literal(InitVal));
            }

            if (FinalFn is not null)
            {
                items.Add("FINALFUNC = " + FinalFn);
                if (FinalExtra)
                {
                    items.Add("FINALFUNC_EXTRA");
                }

                items.Add("FINALFUNC_MODIFY = " + Modify(FinalModify));
            }

            if (CombineFn is not null)
            {
                items.Add("COMBINEFUNC = " + CombineFn);
            }

            if (SerialFn is not null)
            {
                items.Add("SERIALFUNC = " + SerialFn);
            }

            if (DeserialFn is not null)
            {
                items.Add("DESERIALFUNC = " + DeserialFn);
            }

            if (MTransFn is not null)
            {
                items.Add("MSFUNC = " + MTransFn);
                items.Add("MINVFUNC = " + MInvTransFn);
                items.Add("MSTYPE = " + MTransType);
                if (MTransSpace != 0)
                {
                    items.Add("MSSPACE = " + MTransSpace.ToString(inv));
                }

                if (MFinalFn is not null)
                {
                    items.Add("MFINALFUNC = " + MFinalFn);
                    if (MFinalExtra)
                    {
                        items.Add("MFINALFUNC_EXTRA");
                    }

                    items.Add("MFINALFUNC_MODIFY = " + Modify(MFinalModify));
                }

                if (MInitVal is not null)
                {
                    items.Add("MINITCOND = " + Ddl.Quoting.Literal(MInitVal));
                }
            }

            if (SortOp is not null)
            {
                // regoperator prints name(left,right); CREATE AGGREGATE wants OPERATOR(schema.name).
                var paren = SortOp.IndexOf('(', StringComparison.Ordinal);
                items.Add("SORTOP = OPERATOR(" + (SortOp.Contains('.', StringComparison.Ordinal) ? string.Empty : "pg_catalog.") + SortOp[..paren] + ")");
            }

            if (Parallel is 's' or 'r')
            {
                items.Add("PARALLEL = " + (Parallel == 's' ? "safe" : "restricted"));
            }

            if (Kind == 'h')
            {
                items.Add("HYPOTHETICAL");
            }

            return "CREATE AGGREGATE " + name + "(" + args + ") (\n    " + string.Join(",\n    ", items) + "\n);\n";
        }

        private static string Modify(char c) => c switch { 'r' => "READ_ONLY", 's' => "SHAREABLE", _ => "READ_WRITE" };
    }
}
