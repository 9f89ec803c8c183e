namespace PgSnap.Ddl;

/// <summary>
/// One entry of an aclitem[] in its text form <c>grantee=privileges/grantor</c> (an empty grantee is PUBLIC;
/// names with odd characters are double-quoted). Parsed client-side so default and actual ACLs can be compared.
/// </summary>
internal sealed record AclItem(string? Grantee, string Privileges, string Grantor)
{
    public static AclItem Parse(string text)
    {
        var pos = 0;
        var grantee = ReadName(text, ref pos);
        if (pos >= text.Length || text[pos] != '=')
        {
            throw new FormatException("malformed aclitem");
        }

        pos++;
        var slash = text.IndexOf('/', pos);
        var privileges = slash < 0 ? text[pos..] : text[pos..slash];
        var grantor = string.Empty;
        if (slash >= 0)
        {
            pos = slash + 1;
            grantor = ReadName(text, ref pos);
        }

        return new AclItem(grantee.Length == 0 ? null : grantee, privileges, grantor);
    }

    private static string ReadName(string text, ref int pos)
    {
        if (pos < text.Length && text[pos] == '"')
        {
            var sb = new System.Text.StringBuilder();
            pos++;
            while (pos < text.Length)
            {
                if (text[pos] == '"')
                {
                    if (pos + 1 < text.Length && text[pos + 1] == '"')
                    {
                        sb.Append('"');
                        pos += 2;
                        continue;
                    }

                    pos++;
                    break;
                }

                sb.Append(text[pos++]);
            }

            return sb.ToString();
        }

        var start = pos;
        while (pos < text.Length && text[pos] != '=' && text[pos] != '/')
        {
            pos++;
        }

        return text[start..pos];
    }
}
