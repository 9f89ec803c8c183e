using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;

namespace PgSnap.Catalog;

/// <summary>
/// Reads sequences (parameters, owning column, identity owner, current value) and writes the SEQUENCE or
/// identity ALTER, its OWNED BY, and the data-section setval.
/// </summary>
internal static class SequenceReader
{
    public static async Task<Dictionary<uint, SequenceRow>> ReadAsync(CatalogSession session, uint[] oids, CancellationToken ct)
    {
        var rows = await session.QueryAsync(
            """
            SELECT s.seqrelid, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
                   d.refobjid, a.attname, d.deptype::text, a.attidentity::text, n.nspname, c.relname, t.relpersistence::text
            FROM pg_catalog.pg_sequence s
            JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.seqrelid
                 AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
            WHERE s.seqrelid = ANY(@oids)
            """,
            r =>
            {
                var owned = r.IsDBNull(8) ? null : new SequenceOwner(r.Oid(8), r.GetString(9), ColumnReader.FirstChar(r.GetString(11)), r.GetString(14)[0]);
                var isIdentity = !r.IsDBNull(10) && r.GetString(10) == "i";
                return new SequenceRow(
                    r.Oid(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetBoolean(7),
                    isIdentity ? null : owned, isIdentity ? owned : null, 0, false, r.GetString(12), r.GetString(13));
            },
            ct,
            ("oids", oids));

        // Values in one round trip per batch: pg_dump reads each sequence with its own SELECT.
        var result = new Dictionary<uint, SequenceRow>();
        var q = session.Quoting;
        foreach (var chunk in rows.Chunk(200))
        {
            var sql = string.Join(
                "\nUNION ALL ",
                chunk.Select((s, i) => $"SELECT {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}, last_value, is_called FROM {q.Qualified(s.Schema, s.Name)}"));
            var values = await session.QueryAsync(sql, r => (Index: r.GetInt32(0), Last: r.GetInt64(1), Called: r.GetBoolean(2)), ct);
            foreach (var (index, last, called) in values)
            {
                var s = chunk[index];
                result[s.Oid] = s with { LastValue = last, IsCalled = called };
            }
        }

        return result;
    }


    public static void Add(CatalogSession session, PlanBuilder plan, RelRow rel, SequenceRow seq)
    {
        var q = session.Quoting;
        var d = session.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var (typeMin, typeMax) = seq.Type switch
        {
            "smallint" => (short.MinValue, (long)short.MaxValue),
            "integer" => (int.MinValue, int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        var body = new StringBuilder();
        if (seq.Type != "bigint" && seq.OwnerIdentity is null)
        {
            body.Append("    AS ").Append(seq.Type).Append('\n');
        }

        body.Append("    START WITH ").Append(seq.Start.ToString(inv)).Append('\n');
        body.Append("    INCREMENT BY ").Append(seq.Increment.ToString(inv)).Append('\n');
        var defaultMin = seq.Increment > 0 ? 1 : typeMin;
        var defaultMax = seq.Increment > 0 ? typeMax : -1;
        body.Append(seq.Min == defaultMin ? "    NO MINVALUE\n" : "    MINVALUE " + seq.Min.ToString(inv) + "\n");
        body.Append(seq.Max == defaultMax ? "    NO MAXVALUE\n" : "    MAXVALUE " + seq.Max.ToString(inv) + "\n");
        body.Append("    CACHE ").Append(seq.Cache.ToString(inv));
        if (seq.Cycle)
        {
            body.Append("\n    CYCLE");
        }

        var sb = new StringBuilder();
        var obj = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgClass, rel.Oid),
            Kind = "SEQUENCE",
            Schema = rel.Schema,
            Name = rel.Name,
            Owner = rel.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Table,
            Sql = string.Empty,
            DropSql = seq.OwnerIdentity is null ? d.Drop("SEQUENCE", qn) : null,
        };
        if (seq.OwnerIdentity is { } identity && plan.Relations.TryGetValue(identity.TableOid, out var table))
        {
            // Identity sequences are created by the column itself, named and tuned like the original.
            sb.Append("ALTER TABLE ").Append(table.Qualified).Append(" ALTER COLUMN ").Append(q.Ident(identity.Column))
              .Append(" ADD GENERATED ").Append(identity.Kind == 'a' ? "ALWAYS" : "BY DEFAULT").Append(" AS IDENTITY (\n    SEQUENCE NAME ")
              .Append(qn).Append('\n');
            if (seq.Type != "bigint")
            {
                // The identity column's type fixes the sequence type already.
            }

            sb.Append(body).Append("\n);\n");
            // The column creates its sequence with the table's persistence (15+); one set apart from it afterwards
            // (a logged table's UNLOGGED sequence, an unlogged table's LOGGED one) is set again.
            if (rel.Persistence != identity.TablePersistence && session.ServerVersion >= 150000)
            {
                sb.Append("ALTER SEQUENCE ").Append(qn).Append(rel.Persistence == 'u' ? " SET UNLOGGED;\n" : " SET LOGGED;\n");
            }

            obj.DependsOn.Add(new CatalogId(CatalogId.PgClass, identity.TableOid));
        }
        else
        {
            sb.Append("CREATE ").Append(rel.Persistence == 'u' ? "UNLOGGED " : string.Empty).Append("SEQUENCE ").Append(qn).Append('\n').Append(body).Append(";\n");
        }

        d.Owner(sb, "SEQUENCE", qn, rel.Owner);
        d.Acl(sb, "SEQUENCE", qn, null, rel.Acl, rel.InitialAcl, of: new(CatalogId.PgClass, rel.Oid), writeOutDefault: true);
        session.Describe(sb, "SEQUENCE", qn, CatalogId.PgClass, rel.Oid);
        plan.Add(obj with { Sql = sb.ToString() });

        if (seq.OwnedBy is { } owned && plan.Relations.TryGetValue(owned.TableOid, out var ownerTable))
        {
            var ownedBy = plan.Add(new DumpObject
            {
                Id = new CatalogId(CatalogId.PgClass + 1_000_000u, rel.Oid),
                Kind = "SEQUENCE OWNED BY",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Table,
                Sql = "ALTER SEQUENCE " + qn + " OWNED BY " + ownerTable.Qualified + "." + q.Ident(owned.Column) + ";\n",
            });
            ownedBy.DependsOn.Add(obj.Id);
            ownedBy.DependsOn.Add(new CatalogId(CatalogId.PgClass, owned.TableOid));
        }

        AddValue(session, plan, rel.Schema, rel.Name, rel.Owner, seq);
    }

    /// <summary>The data-section setval of a sequence (also of an extension's configuration sequence, not created by the dump).</summary>
    public static void AddValue(CatalogSession session, PlanBuilder plan, string schema, string name, string? owner, SequenceRow seq)
    {
        // What the coverage audit counts as a written sequence value (a relation's or an extension configuration's).
        plan.SequenceValueOids.Add(seq.Oid);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var qn = session.Quoting.Qualified(schema, name);
        plan.SequenceValues.Add(new DdlEntry(
            DumpSection.Data,
            "SEQUENCE SET",
            schema,
            name,
            owner,
            "SELECT pg_catalog.setval(" + Quoting.Literal(qn) + ", " + seq.LastValue.ToString(inv) + ", " + (seq.IsCalled ? "true" : "false") + ");\n"));
    }
}

/// <summary>The column owning a sequence; <paramref name="TablePersistence"/> is its table's relpersistence.</summary>
internal sealed record SequenceOwner(uint TableOid, string Column, char Kind, char TablePersistence);

internal sealed record SequenceRow(
    uint Oid, string Type, long Start, long Increment, long Max, long Min, long Cache, bool Cycle,
    SequenceOwner? OwnedBy, SequenceOwner? OwnerIdentity, long LastValue, bool IsCalled, string Schema, string Name);
