using System.Text;
using PgSnap.Dump;

namespace PgSnap.Ddl;

/// <summary>
/// The statements that follow an object's CREATE in its block: owner, privileges and comment, each left out
/// when --no-owner, --no-acl or --no-comments asks for it.
/// </summary>
internal sealed class Decorations
{
    private readonly DumpOptions _options;

    public Decorations(Quoting quoting, DumpOptions options)
    {
        Quoting = quoting;
        _options = options;
    }

    public Quoting Quoting { get; }

    /// <summary>
    /// Objects and columns whose privileges a block wrote (or, under --no-acl, would have written): the coverage audit
    /// checks every set ACL against it (docs/FORMAT.md, "Coverage").
    /// </summary>
    public HashSet<Catalog.Coverage.CatalogKey> EmittedAcls { get; } = [];

    /// <param name="alterKind">ALTER's keyword: TABLE, VIEW, FUNCTION, SCHEMA…</param>
    public void Owner(StringBuilder sb, string alterKind, string target, string? owner)
    {
        if (!_options.NoOwner && owner is not null)
        {
            sb.Append("ALTER ").Append(alterKind).Append(' ').Append(target).Append(" OWNER TO ").Append(Quoting.Ident(owner)).Append(";\n");
        }
    }

    /// <param name="owner">
    /// The object's owner, when the caller knows it (column ACLs carry no owner entry); otherwise read from the
    /// ACLs. Grants by other roles are replayed as those roles, unless --no-owner asks to leave roles alone.
    /// </param>
    /// <param name="of">The catalog row (and column) whose ACL this is, recorded for the coverage audit.</param>
    /// <param name="writeOutDefault">
    /// The baseline is the object's acldefault (a user object): an ACL written out that equals it is written out
    /// again on restore (<see cref="AclCommands.Materialize"/>).
    /// </param>
    public void Acl(StringBuilder sb, string objectType, string target, string? column, string[]? acl, string[]? baseline, string? owner = null, Catalog.Coverage.CatalogKey? of = null, bool writeOutDefault = false)
    {
        if (of is { } key)
        {
            EmittedAcls.Add(key);
        }

        if (!_options.NoAcl)
        {
            var grantsAs = _options.NoOwner ? null : owner ?? AclCommands.OwnerOf(acl, baseline);
            sb.Append(AclCommands.Build(Quoting, objectType, target, column, acl, baseline, grantsAs));
            // Under --no-owner the restoring role owns the object: a grant to the old owner would add privileges.
            if (column is null && writeOutDefault && !_options.NoOwner)
            {
                sb.Append(AclCommands.Materialize(Quoting, objectType, target, acl, baseline));
            }
        }
    }

    /// <summary>Privilege statements a caller worked out itself, left out under --no-acl like the others.</summary>
    public void AclStatements(StringBuilder sb, string statements)
    {
        if (!_options.NoAcl)
        {
            sb.Append(statements);
        }
    }

    public void Comment(StringBuilder sb, string commentKind, string target, string? comment)
    {
        if (!_options.NoComments && comment is not null)
        {
            sb.Append("COMMENT ON ").Append(commentKind).Append(' ').Append(target).Append(" IS ").Append(Quoting.Literal(comment)).Append(";\n");
        }
    }

    public void SecurityLabel(StringBuilder sb, string labelKind, string target, string provider, string label)
    {
        if (!_options.NoSecurityLabels)
        {
            sb.Append("SECURITY LABEL FOR ").Append(Quoting.Ident(provider)).Append(" ON ").Append(labelKind).Append(' ')
              .Append(target).Append(" IS ").Append(Quoting.Literal(label)).Append(";\n");
        }
    }

    /// <summary>
    /// Wraps the statements of a table, materialized view or index that lives outside the database's default
    /// tablespace in <c>SET default_tablespace</c>, as pg_dump does (a TABLESPACE clause would fail on a server
    /// without that tablespace; the SET only warns). Reset at the end, so the block stays self-contained when
    /// restore workers run blocks on their own connections. --no-tablespaces leaves the SET out.
    /// </summary>
    public string InTablespace(string? tablespace, string sql) =>
        tablespace is null || _options.NoTablespaces
            ? sql
            : "SET default_tablespace = " + Quoting.Ident(tablespace) + ";\n" + sql + "SET default_tablespace = '';\n";

    /// <summary>DROP statement for --clean, with IF EXISTS when asked.</summary>
    public string Drop(string dropKind, string target, string? suffix = null) =>
        "DROP " + dropKind + (_options.IfExists ? " IF EXISTS " : " ") + target + (suffix ?? string.Empty) + ";\n";
}
