using System.Text;

namespace PgSnap.Sql;

/// <summary>
/// Recognises ownership, privilege and standard_conforming_strings statements from their first keywords, and
/// reads the roles they name. Only statements whose first word is ALTER, GRANT, REVOKE or SET are looked at, so
/// data (COPY rows, INSERTs) costs nothing here.
/// </summary>
public static class StatementClassifier
{
    /// <summary>Classifies <paramref name="statement"/>, whose lower-case first word is <paramref name="firstWord"/>.</summary>
    public static StatementInfo Classify(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord)
    {
        if (firstWord.SequenceEqual("alter"u8))
        {
            return ClassifyAlter(statement);
        }

        if (firstWord.SequenceEqual("grant"u8))
        {
            return new StatementInfo(StatementKind.Privileges, RolesAfter(statement, "to"u8));
        }

        if (firstWord.SequenceEqual("revoke"u8))
        {
            return new StatementInfo(StatementKind.Privileges, RolesAfter(statement, "from"u8));
        }

        if (firstWord.SequenceEqual("set"u8))
        {
            return ClassifySet(statement);
        }

        return StatementInfo.Other;
    }

    private static StatementInfo ClassifyAlter(ReadOnlySpan<byte> statement)
    {
        var t = new SqlTokenizer(statement);
        t.Next();
        t.Next();
        if (t.Is("default"u8))
        {
            // ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT … TO r / REVOKE … FROM r
            var roles = new List<string>();
            var grants = true;
            while (t.Next())
            {
                if (t.Depth == 0 && (t.Is("role"u8) || t.Is("user"u8)))
                {
                    ReadRoleList(ref t, roles);
                }

                if (t.Is("revoke"u8))
                {
                    grants = false;
                }

                if (t.Depth == 0 && (grants ? t.Is("to"u8) : t.Is("from"u8)))
                {
                    ReadRoleList(ref t, roles);
                }
            }

            return new StatementInfo(StatementKind.Privileges, roles);
        }

        var previousIsOwner = false;
        while (t.Kind != SqlTokenKind.End)
        {
            if (t.Depth == 0 && previousIsOwner && t.Is("to"u8))
            {
                var roles = new List<string>();
                ReadRoleList(ref t, roles);
                return new StatementInfo(StatementKind.OwnerTo, roles);
            }

            previousIsOwner = t.Depth == 0 && t.Is("owner"u8);
            t.Next();
        }

        return StatementInfo.Other;
    }

    private static StatementInfo ClassifySet(ReadOnlySpan<byte> statement)
    {
        var t = new SqlTokenizer(statement);
        t.Next();
        t.Next();
        if (t.Is("session"u8))
        {
            t.Next();
        }

        if (!t.Is("standard_conforming_strings"u8))
        {
            return StatementInfo.Other;
        }

        t.Next();
        if (t.Is("to"u8) || (t.Kind == SqlTokenKind.Symbol && t.Token[0] == (byte)'='))
        {
            t.Next();
        }

        var value = t.Kind == SqlTokenKind.String && t.Token.Length >= 2 ? t.Token[1..^1] : t.Token;
        var on = !(Ascii.EqualsIgnoreCase(value, "off"u8) || Ascii.EqualsIgnoreCase(value, "false"u8) || value.SequenceEqual("0"u8));
        return new StatementInfo(StatementKind.SetStandardConformingStrings, [], on);
    }

    /// <summary>Roles listed after the top-level keyword <paramref name="keyword"/> (GRANT … TO / REVOKE … FROM).</summary>
    private static List<string> RolesAfter(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> keyword)
    {
        var roles = new List<string>();
        var t = new SqlTokenizer(statement);
        while (t.Next())
        {
            if (t.Depth == 0 && t.Is(keyword))
            {
                ReadRoleList(ref t, roles);
            }

            if (t.Depth == 0 && t.Is("by"u8))
            {
                // GRANTED BY role
                ReadRoleList(ref t, roles);
            }
        }

        return roles;
    }

    /// <summary>Reads <c>role [, role …]</c> after the current token, skipping the noise word GROUP.</summary>
    private static void ReadRoleList(ref SqlTokenizer t, List<string> roles)
    {
        while (t.Next())
        {
            if (t.Is("group"u8))
            {
                continue;
            }

            var name = t.Name();
            if (name is null)
            {
                return;
            }

            if (!IsPseudoRole(ref t))
            {
                roles.Add(name);
            }

            if (!t.Next() || t.Kind != SqlTokenKind.Symbol || t.Token[0] != (byte)',')
            {
                return;
            }
        }
    }

    private static bool IsPseudoRole(ref SqlTokenizer t) =>
        t.Kind == SqlTokenKind.Word && (t.Is("public"u8) || t.Is("current_user"u8) || t.Is("session_user"u8) || t.Is("current_role"u8));
}
