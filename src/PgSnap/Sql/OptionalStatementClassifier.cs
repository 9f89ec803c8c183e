namespace PgSnap.Sql;

/// <summary>
/// Decides which statements --no-owner, --no-acl, --no-comments and the options of
/// <see cref="OptionalObjectClassifier"/> leave out, from the statement's leading keywords
/// as the tokenizer reads them (comments, quoting and case do not fool it), never from a text search: a function
/// body or a string holding "OWNER TO" or "COMMENT ON" is not matched, and neither is a statement that merely starts
/// with a comment. Works the same on pgsnap archives and pg_dump plain files.
/// </summary>
public static class OptionalStatementClassifier
{
    /// <summary>What <paramref name="statement"/> is, given its lower-case first word and the main classifier's verdict.</summary>
    public static OptionalStatementKind Classify(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord, StatementInfo info) =>
        ByAction(statement, firstWord, info) | OptionalObjectClassifier.Classify(statement, firstWord);

    /// <summary>Owner, privilege, comment and session authorization statements.</summary>
    private static OptionalStatementKind ByAction(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord, StatementInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        switch (info.Kind)
        {
            case StatementKind.OwnerTo:
                return OptionalStatementKind.Ownership;
            case StatementKind.Privileges:
                return OptionalStatementKind.Privileges;
        }

        if (firstWord.SequenceEqual("comment"u8))
        {
            return SecondWordsAre(statement, "on"u8, default) ? OptionalStatementKind.Comment : OptionalStatementKind.None;
        }

        if (firstWord.SequenceEqual("set"u8) || firstWord.SequenceEqual("reset"u8))
        {
            return SecondWordsAre(statement, "session"u8, "authorization"u8) ? OptionalStatementKind.Ownership : OptionalStatementKind.None;
        }

        return OptionalStatementKind.None;
    }

    /// <summary>Whether the words after the first are <paramref name="second"/> and (when given) <paramref name="third"/>.</summary>
    private static bool SecondWordsAre(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        var t = new SqlTokenizer(statement);
        t.Next();
        if (!t.Next() || !t.Is(second))
        {
            return false;
        }

        return third.IsEmpty || (t.Next() && t.Is(third));
    }
}
