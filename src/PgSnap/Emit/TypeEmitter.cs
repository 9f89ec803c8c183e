using System.Text;
using PgSnap.Ddl;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// CREATE TYPE … AS ENUM / AS (…) / AS RANGE and CREATE DOMAIN, with owner, privileges, comments and labels of the
/// type, its attributes and its constraints. A domain's NOT VALID constraint is its own post-data block, added after
/// the data as pg_dump does.
/// </summary>
internal static class TypeEmitter
{
    /// <summary>The type's block, after the blocks of a domain's NOT VALID constraints.</summary>
    public static IReadOnlyList<DumpObject> Emit(TypeRecord t, EmitContext context)
    {
        var q = context.Quoting;
        var d = context.Decorations;
        var qn = q.Qualified(t.Schema, t.Name);
        var keyword = t.Definition is DomainDefinition ? "DOMAIN" : "TYPE";
        var blocks = new List<DumpObject>();
        var type = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgType, t.Oid),
            Kind = keyword,
            Schema = t.Schema,
            Name = t.Name,
            Owner = t.Owner,
            Section = DumpSection.PreData,
            Priority = SortPriority.Type,
            Sql = string.Empty,
            DropSql = d.Drop(keyword, qn),
        };
        var sb = new StringBuilder();
        switch (t.Definition)
        {
            case EnumTypeDefinition e:
                AppendEnum(sb, qn, e);
                break;
            case CompositeTypeDefinition c:
                AppendComposite(sb, q, qn, c);
                type.Aliases.Add(new CatalogId(CatalogId.PgClass, c.RelId));
                break;
            case DomainDefinition domain:
                blocks.AddRange(AppendDomain(sb, t, qn, domain, type, context));
                break;
            case RangeTypeDefinition range:
                AppendRange(sb, q, qn, range, type);
                break;
        }

        d.Owner(sb, keyword, qn, t.Owner);
        d.Acl(sb, "TYPE", qn, null, t.Acl, t.InitialAcl, of: new(CatalogId.PgType, t.Oid), writeOutDefault: true);
        if (t.Definition is RangeTypeDefinition { Multirange: { Acl: not null } multirange })
        {
            // Read before 16 only (see MultirangeRecord): later majors refuse the statement and ignore the privileges.
            d.Acl(sb, "TYPE", q.Qualified(multirange.Name.Schema, multirange.Name.Name), null, multirange.Acl, multirange.DefaultAcl, of: new(CatalogId.PgType, multirange.Oid));
        }

        context.Describe(sb, keyword, qn, t.Description);
        DescribeParts(sb, q, qn, t.Definition, context);
        type.Sql = sb.ToString();
        if (t.ArrayType != 0)
        {
            type.Aliases.Add(new CatalogId(CatalogId.PgType, t.ArrayType));
        }

        blocks.Add(type);
        return blocks;
    }

    private static void AppendEnum(StringBuilder sb, string qn, EnumTypeDefinition e)
    {
        sb.Append("CREATE TYPE ").Append(qn).Append(" AS ENUM (");
        for (var i = 0; i < e.Labels.Count; i++)
        {
            sb.Append(i == 0 ? "\n    " : ",\n    ").Append(Quoting.Literal(e.Labels[i]));
        }

        sb.Append(e.Labels.Count > 0 ? "\n);\n" : ");\n");
    }

    private static void AppendComposite(StringBuilder sb, Quoting q, string qn, CompositeTypeDefinition c)
    {
        sb.Append("CREATE TYPE ").Append(qn).Append(" AS (");
        var first = true;
        foreach (var a in c.Attributes)
        {
            sb.Append(first ? "\n    " : ",\n    ").Append(q.Ident(a.Name)).Append(' ').Append(a.Type);
            if (a.Collation is not null)
            {
                sb.Append(" COLLATE ").Append(q.Qualified(a.Collation.Schema, a.Collation.Name));
            }

            first = false;
        }

        sb.Append(first ? ");\n" : "\n);\n");
    }

    /// <summary>CREATE DOMAIN with its valid constraints inline; returns the blocks of the NOT VALID ones.</summary>
    private static List<DumpObject> AppendDomain(StringBuilder sb, TypeRecord t, string qn, DomainDefinition domain, DumpObject type, EmitContext context)
    {
        var q = context.Quoting;
        sb.Append("CREATE DOMAIN ").Append(qn).Append(" AS ").Append(domain.BaseType);
        if (domain.Collation is not null)
        {
            sb.Append(" COLLATE ").Append(q.Qualified(domain.Collation.Schema, domain.Collation.Name));
        }

        if (domain.Default is not null)
        {
            sb.Append(" DEFAULT ").Append(domain.Default);
        }

        // From 17 a NOT NULL has its constraint row, written below; before, typnotnull alone says it.
        if (domain.NotNull && !domain.Constraints.Any(c => c.Kind == 'n'))
        {
            sb.Append(" NOT NULL");
        }

        var afterData = new List<DumpObject>();
        foreach (var c in domain.Constraints)
        {
            if (c.Kind == 'n' && c.Validated)
            {
                // The server's own name for it is <domain>_not_null; any other name is written out.
                sb.Append(c.Name == t.Name + "_not_null" ? " NOT NULL" : " CONSTRAINT " + q.Ident(c.Name) + " NOT NULL");
                type.Aliases.Add(new CatalogId(CatalogId.PgConstraint, c.Oid));
            }
            else if (c.Validated)
            {
                sb.Append("\n\tCONSTRAINT ").Append(q.Ident(c.Name)).Append(' ').Append(c.Definition);
                type.Aliases.Add(new CatalogId(CatalogId.PgConstraint, c.Oid));
            }
            else
            {
                afterData.Add(NotValidConstraint(t, qn, c, context));
            }
        }

        sb.Append(";\n");
        if (domain.BaseTypeOid != 0)
        {
            type.DependsOn.Add(new CatalogId(CatalogId.PgType, domain.BaseTypeOid));
        }

        return afterData;
    }

    /// <summary>ALTER DOMAIN … ADD CONSTRAINT of a NOT VALID constraint, in post-data, with its comment.</summary>
    private static DumpObject NotValidConstraint(TypeRecord t, string qn, DomainConstraintRecord c, EmitContext context)
    {
        var q = context.Quoting;
        var sb = new StringBuilder("ALTER DOMAIN ").Append(qn).Append("\n    ADD CONSTRAINT ").Append(q.Ident(c.Name)).Append(' ').Append(c.Definition).Append(";\n");
        context.Describe(sb, "CONSTRAINT", q.Ident(c.Name) + " ON DOMAIN " + qn, c.Description);
        var block = new DumpObject
        {
            Id = new CatalogId(CatalogId.PgConstraint, c.Oid),
            Kind = "CHECK CONSTRAINT",
            Schema = t.Schema,
            Name = t.Name + " " + c.Name,
            Owner = t.Owner,
            Section = DumpSection.PostData,
            Priority = SortPriority.Constraint,
            Sql = sb.ToString(),
            DropSql = "ALTER DOMAIN " + qn + " DROP CONSTRAINT " + (context.Options.IfExists ? "IF EXISTS " : string.Empty) + q.Ident(c.Name) + ";\n",
        };
        block.DependsOn.Add(new CatalogId(CatalogId.PgType, t.Oid));
        return block;
    }

    private static void AppendRange(StringBuilder sb, Quoting q, string qn, RangeTypeDefinition range, DumpObject type)
    {
        sb.Append("CREATE TYPE ").Append(qn).Append(" AS RANGE (\n    subtype = ").Append(range.Subtype);
        if (range.Multirange is not null)
        {
            sb.Append(",\n    multirange_type_name = ").Append(q.Qualified(range.Multirange.Name.Schema, range.Multirange.Name.Name));
            type.Aliases.Add(new CatalogId(CatalogId.PgType, range.Multirange.Oid));
        }

        if (range.Opclass is not null)
        {
            sb.Append(",\n    subtype_opclass = ").Append(q.Qualified(range.Opclass.Schema, range.Opclass.Name));
        }

        if (range.Collation is not null)
        {
            sb.Append(",\n    collation = ").Append(q.Qualified(range.Collation.Schema, range.Collation.Name));
        }

        if (range.Canonical is not null)
        {
            sb.Append(",\n    canonical = ").Append(range.Canonical);
        }

        if (range.SubtypeDiff is not null)
        {
            sb.Append(",\n    subtype_diff = ").Append(range.SubtypeDiff);
        }

        sb.Append("\n);\n");
    }

    /// <summary>Comments and labels of a domain's valid constraints (a NOT VALID one's go with its block) and of a composite type's attributes.</summary>
    private static void DescribeParts(StringBuilder sb, Quoting q, string qn, TypeDefinition definition, EmitContext context)
    {
        if (definition is DomainDefinition domain)
        {
            foreach (var c in domain.Constraints.Where(c => c.Validated))
            {
                context.Describe(sb, "CONSTRAINT", q.Ident(c.Name) + " ON DOMAIN " + qn, c.Description);
            }
        }
        else if (definition is CompositeTypeDefinition composite)
        {
            foreach (var a in composite.Attributes)
            {
                context.Describe(sb, "COLUMN", qn + "." + q.Ident(a.Name), a.Description);
            }
        }
    }
}
