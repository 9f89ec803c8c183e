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

    /// <param name="alterKind">ALTER's keyword: TABLE, VIEW, FUNCTION, SCHEMA…</param>
    public void Owner(StringBuilder sb, string alterKind, string target, string? owner)
    {
        if (!_options.NoOwner && owner is not null)
        {
            sb.Append("ALTER ").Append(alterKind).Append(' ').Append(target).Append(" OWNER TO ").Append(Quoting.Ident(owner)).Append(";\n");
        }
    }

    public void Acl(StringBuilder sb, string objectType, string target, string? column, string[]? acl, string[]? baseline)
    {
        if (!_options.NoAcl)
        {
            sb.Append(AclCommands.Build(Quoting, objectType, target, column, acl, baseline));
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

    /// <summary>DROP statement for --clean, with IF EXISTS when asked.</summary>
    public string Drop(string dropKind, string target, string? suffix = null) =>
        "DROP " + dropKind + (_options.IfExists ? " IF EXISTS " : " ") + target + (suffix ?? string.Empty) + ";\n";
}
