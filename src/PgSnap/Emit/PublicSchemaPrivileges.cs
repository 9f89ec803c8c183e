using System.Text;
using PgSnap.Ddl;

namespace PgSnap.Emit;

/// <summary>
/// The privileges of the public schema, which every new database has: they are measured against what the restore's
/// ALTER SCHEMA public OWNER leaves, not against pg_init_privs (which names the initial owner: the owner change
/// rewrites the ACL but not pg_init_privs, so privileges the new owner revoked from itself would not be revoked again).
/// <para>
/// Since 15 a new database's public schema gives its owner USAGE and CREATE and PUBLIC USAGE, all granted by the
/// owner. Before 15 PUBLIC had CREATE too, and a dump of such a source may be restored into either kind of
/// database, so PUBLIC's entry from the owner is set privilege by privilege (REVOKE CREATE, GRANT CREATE…), which
/// changes that entry in place and keeps the ACL's order, rather than revoked whole and granted again.
/// </para>
/// </summary>
internal static class PublicSchemaPrivileges
{
    /// <summary>The baseline for <see cref="AclCommands.Build"/> and the statements that settle PUBLIC's entry first.</summary>
    /// <param name="acl">The schema's ACL (its default spelled out when null).</param>
    /// <param name="ownerItem">The owner's USAGE and CREATE granted by itself, as an aclitem's text.</param>
    /// <param name="publicUsage">PUBLIC's USAGE granted by the owner, as an aclitem's text.</param>
    /// <param name="sourceVersion">The source's server_version_num.</param>
    public static (string[] Baseline, string Preamble) Plan(string[] acl, string ownerItem, string publicUsage, int sourceVersion)
    {
        if (sourceVersion >= 150000)
        {
            return ([ownerItem, publicUsage], string.Empty);
        }

        var owner = AclItem.Parse(ownerItem).Grantor;
        var publicItem = acl.FirstOrDefault(a => AclItem.Parse(a) is { Grantee: null } p && p.Grantor == owner);

        var privileges = publicItem is null ? string.Empty : AclItem.Parse(publicItem).Privileges;
        var sb = new StringBuilder();
        var missing = new List<string>();
        if (!privileges.Contains('U', StringComparison.Ordinal))
        {
            missing.Add("USAGE");
        }

        if (!privileges.Contains('C', StringComparison.Ordinal))
        {
            missing.Add("CREATE");
        }

        if (missing.Count > 0)
        {
            sb.Append("REVOKE ").Append(missing.Count == 2 ? "ALL" : missing[0]).Append(" ON SCHEMA public FROM PUBLIC;\n");
        }

        if (privileges.Contains('C', StringComparison.Ordinal))
        {
            // PUBLIC's CREATE is the default before 15 only: granting it again is a no-op there and needed since.
            sb.Append("GRANT CREATE ON SCHEMA public TO PUBLIC;\n");
        }

        return (publicItem is null ? [ownerItem] : [ownerItem, publicItem], sb.ToString());
    }
}
