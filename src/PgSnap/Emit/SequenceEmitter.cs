using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// A sequence: its CREATE SEQUENCE (or, for an identity column's sequence, the ALTER that makes the column identity
/// with the sequence's name and parameters), owner, privileges and comments; its OWNED BY; and its data-section setval.
/// </summary>
internal static class SequenceEmitter
{
    /// <returns>The sequence block, then its OWNED BY when the owning table is dumped.</returns>
    public static List<DumpObject> Emit(RelationRecord rel, SequenceRecord seq, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Qualified(rel.Schema, rel.Name);
        var body = Parameters(seq);
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
        if (seq.OwnerIdentity is { Table: { } table } identity)
        {
            // Identity sequences are created by the column itself, named and tuned like the original (the column's
            // type fixes the sequence type already).
            sb.Append("ALTER TABLE ").Append(q.Qualified(table.Schema, table.Name)).Append(" ALTER COLUMN ").Append(q.Ident(identity.Column))
              .Append(" ADD GENERATED ").Append(identity.Kind == 'a' ? "ALWAYS" : "BY DEFAULT").Append(" AS IDENTITY (\n    SEQUENCE NAME ")
              .Append(qn).Append('\n');
            sb.Append(body).Append("\n);\n");

            // The column creates its sequence with the table's persistence (15+); one set apart from it afterwards
            // (a logged table's UNLOGGED sequence, an unlogged table's LOGGED one) is set again.
            if (rel.Persistence != identity.TablePersistence && seq.PersistenceSettable)
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
        context.Describe(sb, "SEQUENCE", qn, rel.Description);
        obj.Sql = sb.ToString();
        var blocks = new List<DumpObject> { obj };

        if (seq.OwnedBy is { Table: { } ownerTable } owned)
        {
            var ownedBy = new DumpObject
            {
                Id = new CatalogId(CatalogId.PgClass + 1_000_000u, rel.Oid),
                Kind = "SEQUENCE OWNED BY",
                Schema = rel.Schema,
                Name = rel.Name,
                Owner = rel.Owner,
                Section = DumpSection.PreData,
                Priority = SortPriority.Table,
                Sql = "ALTER SEQUENCE " + qn + " OWNED BY " + q.Qualified(ownerTable.Schema, ownerTable.Name) + "." + q.Ident(owned.Column) + ";\n",
            };
            ownedBy.DependsOn.Add(obj.Id);
            ownedBy.DependsOn.Add(new CatalogId(CatalogId.PgClass, owned.TableOid));
            blocks.Add(ownedBy);
        }

        return blocks;
    }

    /// <summary>The data-section setval of a sequence (also of an extension's configuration sequence, not created by the dump).</summary>
    public static DdlEntry Value(SequenceRecord seq, string? owner, EmitContext context)
    {
        var qn = context.Quoting.Qualified(seq.Schema, seq.Name);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new DdlEntry(
            DumpSection.Data,
            "SEQUENCE SET",
            seq.Schema,
            seq.Name,
            owner,
            "SELECT pg_catalog.setval(" + Quoting.Literal(qn) + ", " + seq.LastValue.ToString(inv) + ", " + (seq.IsCalled ? "true" : "false") + ");\n");
    }

    /// <summary>START, INCREMENT, MIN/MAX (NO … when the type's default), CACHE, CYCLE; AS type unless bigint or identity.</summary>
    private static StringBuilder Parameters(SequenceRecord seq)
    {
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

        return body;
    }
}
