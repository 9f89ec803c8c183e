using System.Text;

namespace PgSnap.Ddl;

/// <summary>
/// Turns an object's ACL into the GRANT / REVOKE statements that recreate it on a freshly created object, the
/// way pg_dump's buildACLCommands does since 15: the baseline is what the object gets by itself
/// (acldefault for its owner, or pg_init_privs), entries of the baseline that are gone are revoked, entries that
/// are new are granted. A null ACL means "still the default" and produces nothing. A grant made by someone other
/// than the owner (a role holding the privilege WITH GRANT OPTION) is replayed as that grantor, inside
/// SET SESSION AUTHORIZATION, so the restored ACL names the same grantor; items keep the ACL's order, in which
/// a grant option always precedes its use.
/// </summary>
internal static class AclCommands
{
    private static readonly (char Letter, string Name)[] s_privileges =
    [
        ('r', "SELECT"), ('a', "INSERT"), ('w', "UPDATE"), ('d', "DELETE"), ('D', "TRUNCATE"), ('x', "REFERENCES"),
        ('t', "TRIGGER"), ('X', "EXECUTE"), ('U', "USAGE"), ('C', "CREATE"), ('c', "CONNECT"), ('T', "TEMPORARY"),
        ('s', "SET"), ('A', "ALTER SYSTEM"), ('m', "MAINTAIN"),
    ];

    /// <param name="objectType">GRANT's object keyword: TABLE, SEQUENCE, FUNCTION, SCHEMA, TYPE, LARGE OBJECT…</param>
    /// <param name="target">The object's quoted name (with argument list for functions).</param>
    /// <param name="column">Quoted column name for column privileges, else null.</param>
    /// <param name="owner">The object's owner: grants by anyone else are made as their grantor. Null: all as the owner.</param>
    public static string Build(Quoting quoting, string objectType, string target, string? column, string[]? acl, string[]? baseline, string? owner = null)
    {
        if (acl is null)
        {
            return string.Empty;
        }

        var actual = acl.Select(AclItem.Parse).ToList();
        var initial = (baseline ?? []).Select(AclItem.Parse).ToList();
        var sb = new StringBuilder();
        var columnSuffix = column is null ? string.Empty : "(" + column + ")";
        foreach (var item in initial)
        {
            if (!actual.Contains(item))
            {
                sb.Append("REVOKE ALL").Append(columnSuffix).Append(" ON ").Append(objectType).Append(' ').Append(target)
                  .Append(" FROM ").Append(Grantee(quoting, item.Grantee)).Append(";\n");
            }
        }

        foreach (var item in actual)
        {
            if (initial.Contains(item))
            {
                continue;
            }

            var plain = new List<string>();
            var withOption = new List<string>();
            for (var i = 0; i < item.Privileges.Length; i++)
            {
                var name = NameOf(item.Privileges[i]) + columnSuffix;
                if (i + 1 < item.Privileges.Length && item.Privileges[i + 1] == '*')
                {
                    withOption.Add(name);
                    i++;
                }
                else
                {
                    plain.Add(name);
                }
            }

            var asGrantor = owner is not null && item.Grantor.Length > 0 && item.Grantor != owner;
            if (asGrantor)
            {
                sb.Append("SET SESSION AUTHORIZATION ").Append(quoting.Ident(item.Grantor)).Append(";\n");
            }

            if (plain.Count > 0)
            {
                sb.Append("GRANT ").Append(string.Join(",", plain)).Append(" ON ").Append(objectType).Append(' ').Append(target)
                  .Append(" TO ").Append(Grantee(quoting, item.Grantee)).Append(";\n");
            }

            if (withOption.Count > 0)
            {
                sb.Append("GRANT ").Append(string.Join(",", withOption)).Append(" ON ").Append(objectType).Append(' ').Append(target)
                  .Append(" TO ").Append(Grantee(quoting, item.Grantee)).Append(" WITH GRANT OPTION;\n");
            }

            if (asGrantor)
            {
                sb.Append("RESET SESSION AUTHORIZATION;\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// For an object ACL that was written out (GRANT, REVOKE) yet holds exactly its default again: a grant the owner
    /// already has, so the restored ACL is written out too instead of staying null. Both mean the same privileges,
    /// but the catalog (and a comparison of it) tells them apart; pg_dump writes nothing here. Empty when the ACL is
    /// null or differs from the default (Build writes that) or has no owner entry.
    /// </summary>
    public static string Materialize(Quoting quoting, string objectType, string target, string[]? acl, string[]? defaultAcl)
    {
        ArgumentNullException.ThrowIfNull(quoting);
        if (acl is null || defaultAcl is null)
        {
            return string.Empty;
        }

        var actual = acl.Select(AclItem.Parse).ToList();
        var initial = defaultAcl.Select(AclItem.Parse).ToList();
        if (actual.Count != initial.Count || !actual.All(initial.Contains))
        {
            return string.Empty;
        }

        foreach (var item in actual)
        {
            if (item.Grantee is not null && item.Grantee == item.Grantor && item.Privileges.Length > 0 && !item.Privileges.Contains('*'))
            {
                return "GRANT " + string.Join(",", item.Privileges.Select(NameOf)) + " ON " + objectType + " " + target + " TO " + quoting.Ident(item.Grantee) + ";\n";
            }
        }

        return string.Empty;
    }

    /// <summary>
    /// The owner as the ACLs show it: the role that granted privileges to itself (acldefault always holds that
    /// entry), or null when neither list has one.
    /// </summary>
    public static string? OwnerOf(string[]? acl, string[]? baseline)
    {
        foreach (var list in new[] { baseline, acl })
        {
            foreach (var text in list ?? [])
            {
                var item = AclItem.Parse(text);
                if (item.Grantee is not null && item.Grantee == item.Grantor)
                {
                    return item.Grantee;
                }
            }
        }

        return null;
    }

    private static string Grantee(Quoting quoting, string? grantee) => grantee is null ? "PUBLIC" : quoting.Ident(grantee);

    private static string NameOf(char letter)
    {
        foreach (var (l, name) in s_privileges)
        {
            if (l == letter)
            {
                return name;
            }
        }

        throw new FormatException($"unknown privilege letter '{letter}' in an ACL");
    }
}
