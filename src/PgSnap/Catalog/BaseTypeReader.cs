using System.Text;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads base types (CREATE TYPE with INPUT/OUTPUT functions) and shell types of dumped schemas. A base type
/// and its I/O functions need each other, so, as pg_dump does, each base type also gets a SHELL TYPE object
/// (<c>CREATE TYPE name;</c>) that the functions are created after; <see cref="BreakIoFunctionCycles"/> points the
/// functions at the shell. A shell type that was never completed is dumped as that one statement.
/// </summary>
internal static class BaseTypeReader
{
    /// <summary>Class id of the SHELL TYPE objects: a pseudo catalog, so they never collide with real rows.</summary>
    public const uint ShellTypeClass = CatalogId.PgType + 1_000_000u;

    public static async Task ReadAsync(CatalogSession session, PlanBuilder plan, CancellationToken ct)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var subscript = session.ServerVersion >= 140000 ? "NULLIF(t.typsubscript, 0)::pg_catalog.regproc::text" : "NULL::text";
        var types = await session.QueryAsync(
            $"""
            SELECT t.oid, n.nspname, t.typname, t.typtype::text, pg_catalog.pg_get_userbyid(t.typowner), t.typacl::text[],
                   COALESCE(ip.initprivs, pg_catalog.acldefault('T', t.typowner))::text[], t.typarray,
                   t.typlen, t.typbyval, t.typalign::text, t.typstorage::text, t.typcategory::text, t.typispreferred,
                   t.typdefault, t.typdelim::text,
                   NULLIF(t.typinput, 0)::pg_catalog.regproc::text, NULLIF(t.typoutput, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typreceive, 0)::pg_catalog.regproc::text, NULLIF(t.typsend, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typmodin, 0)::pg_catalog.regproc::text, NULLIF(t.typmodout, 0)::pg_catalog.regproc::text,
                   NULLIF(t.typanalyze, 0)::pg_catalog.regproc::text, {subscript},
                   CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END, t.typcollation <> 0
            FROM pg_catalog.pg_type t
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_init_privs ip ON ip.objoid = t.oid AND ip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ip.objsubid = 0
            WHERE t.typnamespace = ANY(@schemas) AND t.typtype IN ('b', 'p') AND t.oid >= {CatalogId.FirstNormalObjectId}
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid)
            ORDER BY n.nspname, t.typname
            """,
            r => new BaseTypeRow(
                r.Oid(0), r.GetString(1), r.GetString(2), r.GetString(3)[0], r.GetString(4), r.Arr(5), r.Arr(6), r.Oid(7),
                r.GetInt16(8), r.GetBoolean(9), r.GetString(10)[0], r.GetString(11)[0], r.GetString(12)[0], r.GetBoolean(13),
                r.Str(14), r.GetString(15), r.Str(16), r.Str(17), r.Str(18), r.Str(19), r.Str(20), r.Str(21), r.Str(22), r.Str(23),
                r.Str(24), r.GetBoolean(25)),
            ct,
            ("schemas", session.DumpedSchemaOids));

        foreach (var t in types)
        {
            if (session.IsExtensionMember(CatalogId.PgType, t.Oid))
            {
                continue;
            }

            var qn = q.Qualified(t.Schema, t.Name);
            var sb = new StringBuilder();
            if (t.Type == 'p')
            {
                sb.Append("CREATE TYPE ").Append(qn).Append(";\n");
            }
            else
            {
                AppendCreate(sb, qn, t);
                plan.Add(new DumpObject
                {
                    Id = new CatalogId(ShellTypeClass, t.Oid),
                    Kind = "SHELL TYPE",
                    Schema = t.Schema,
                    Name = t.Name,
                    Owner = t.Owner,
                    Section = DumpSection.PreData,
                    Priority = SortPriority.Type,
                    Sql = "CREATE TYPE " + qn + ";\n",
                });
            }

            d.Owner(sb, "TYPE", qn, t.Owner);
            d.Acl(sb, "TYPE", qn, null, t.Acl, t.InitialAcl, of: new(CatalogId.PgType, t.Oid), writeOutDefault: true);
            session.Describe(sb, "TYPE", qn, CatalogId.PgType, t.Oid);
            var obj = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgType, t.Oid),
                Kind = "TYPE",
                Schema = t.Schema,
                Name = t.Name,
                Owner = t.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Type,
                Sql = sb.ToString(),
                DropSql = d.Drop("TYPE", qn, t.Type == 'b' ? " CASCADE" : null),
            });
            if (t.ArrayType != 0)
            {
                obj.Aliases.Add(new CatalogId(CatalogId.PgType, t.ArrayType));
            }
        }
    }

    /// <summary>
    /// Makes the functions that a base type needs (its I/O, typmod, analyze and subscript functions, which in turn
    /// take or return the type) depend on the type's shell instead of the type itself, which cuts the cycle.
    /// </summary>
    public static void BreakIoFunctionCycles(IReadOnlyList<DumpObject> objects, Dictionary<DumpObject, HashSet<DumpObject>> edges)
    {
        var byId = new Dictionary<CatalogId, DumpObject>();
        foreach (var o in objects)
        {
            byId.TryAdd(o.Id, o);
        }

        foreach (var shell in objects)
        {
            if (shell.Id.ClassId != ShellTypeClass
                || !byId.TryGetValue(new CatalogId(CatalogId.PgType, shell.Id.ObjectId), out var type)
                || !edges.TryGetValue(type, out var typeNeeds))
            {
                continue;
            }

            foreach (var function in typeNeeds)
            {
                if (function.Id.ClassId == CatalogId.PgProc && edges.TryGetValue(function, out var functionNeeds) && functionNeeds.Remove(type))
                {
                    functionNeeds.Add(shell);
                }
            }
        }
    }

    private static void AppendCreate(StringBuilder sb, string qn, BaseTypeRow t)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var items = new List<string>
        {
            "INTERNALLENGTH = " + (t.Length == -1 ? "variable" : t.Length.ToString(inv)),
            "INPUT = " + t.Input,
            "OUTPUT = " + t.Output,
        };
        AddIf(items, "RECEIVE", t.Receive);
        AddIf(items, "SEND", t.Send);
        AddIf(items, "TYPMOD_IN", t.TypmodIn);
        AddIf(items, "TYPMOD_OUT", t.TypmodOut);
        AddIf(items, "ANALYZE", t.Analyze);
        AddIf(items, "SUBSCRIPT", t.Subscript);
        if (t.Category != 'U')
        {
            items.Add("CATEGORY = " + Ddl.Quoting.Literal(t.Category.ToString()));
        }

        if (t.Preferred)
        {
            items.Add("PREFERRED = true");
        }

        if (t.Default is not null)
        {
            items.Add("DEFAULT = " + Ddl.Quoting.Literal(t.Default));
        }

        AddIf(items, "ELEMENT", t.Element);
        if (t.Delimiter != ",")
        {
            items.Add("DELIMITER = " + Ddl.Quoting.Literal(t.Delimiter));
        }

        items.Add("ALIGNMENT = " + t.Alignment switch { 'c' => "char", 's' => "int2", 'd' => "double", _ => "int4" });
        items.Add("STORAGE = " + t.Storage switch { 'e' => "external", 'x' => "extended", 'm' => "main", _ => "plain" });
        if (t.ByValue)
        {
            items.Add("PASSEDBYVALUE");
        }

        if (t.Collatable)
        {
            items.Add("COLLATABLE = true");
        }

        sb.Append("CREATE TYPE ").Append(qn).Append(" (\n    ").Append(string.Join(",\n    ", items)).Append("\n);\n");
    }

    private static void AddIf(List<string> items, string option, string? function)
    {
        if (function is not null)
        {
            items.Add(option + " = " + function);
        }
    }

    private sealed record BaseTypeRow(
        uint Oid, string Schema, string Name, char Type, string Owner, string[]? Acl, string[]? InitialAcl, uint ArrayType,
        short Length, bool ByValue, char Alignment, char Storage, char Category, bool Preferred, string? Default, string Delimiter,
        string? Input, string? Output, string? Receive, string? Send, string? TypmodIn, string? TypmodOut, string? Analyze,
        string? Subscript, string? Element, bool Collatable);
}
