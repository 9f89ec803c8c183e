namespace PgSnap.Sql;

/// <summary>
/// The part of <see cref="OptionalStatementClassifier"/> that looks at what a statement is on: policies,
/// publications, subscriptions, security labels, tablespace and table access method settings, planner statistics
/// and the session's row_security (pg_restore's --no-policies, --no-publications, --no-subscriptions,
/// --no-security-labels, --no-tablespaces, --no-table-access-method, --no-statistics, --enable-row-security). Only
/// statements whose first word is one of a handful are read further, so data costs nothing here.
/// </summary>
internal static class OptionalObjectClassifier
{
    public static OptionalStatementKind Classify(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord)
    {
        if (firstWord.SequenceEqual("create"u8) || firstWord.SequenceEqual("comment"u8))
        {
            // CREATE POLICY|PUBLICATION|SUBSCRIPTION …, COMMENT ON POLICY|PUBLICATION|SUBSCRIPTION …
            var words = StatementWords.Read(statement, 3);
            return ObjectKind(words.Count > 1 && words[1] == "on" ? words.ElementAtOrDefault(2) : words.ElementAtOrDefault(1));
        }

        if (firstWord.SequenceEqual("alter"u8))
        {
            return ClassifyAlter(statement);
        }

        if (firstWord.SequenceEqual("security"u8))
        {
            // SECURITY LABEL [FOR provider] ON kind …: a label on a publication or subscription goes with it too.
            var words = StatementWords.Read(statement, 6);
            var on = words.IndexOf("on");
            return OptionalStatementKind.SecurityLabel | (on > 0 ? ObjectKind(words.ElementAtOrDefault(on + 1)) : 0);
        }

        if (firstWord.SequenceEqual("set"u8))
        {
            return StatementWords.Read(statement, 3) switch
            {
                [_, "default_tablespace", ..] => OptionalStatementKind.Tablespace,
                [_, "default_table_access_method", ..] => OptionalStatementKind.TableAccessMethod,
                [_, "row_security", ..] => OptionalStatementKind.RowSecuritySetting,
                _ => OptionalStatementKind.None,
            };
        }

        if (firstWord.SequenceEqual("select"u8))
        {
            // pg_dump 18's statistics: SELECT * FROM pg_catalog.pg_restore_relation_stats(…) / …_attribute_stats(…)
            var words = StatementWords.Read(statement, 5);
            var function = words.Count == 4 && words[2] == "pg_catalog" ? words[3] : words.Count == 3 ? words[2] : null;
            return words.Count >= 3 && words[1] == "from" && function is "pg_restore_relation_stats" or "pg_restore_attribute_stats"
                ? OptionalStatementKind.Statistics
                : OptionalStatementKind.None;
        }

        return OptionalStatementKind.None;
    }

    private static OptionalStatementKind ObjectKind(string? word) => word switch
    {
        "policy" => OptionalStatementKind.Policy,
        "publication" => OptionalStatementKind.Publication,
        "subscription" => OptionalStatementKind.Subscription,
        _ => OptionalStatementKind.None,
    };

    /// <summary>ALTER PUBLICATION/SUBSCRIPTION, ALTER TABLE … ENABLE ROW LEVEL SECURITY, ALTER TABLE … SET ACCESS METHOD.</summary>
    private static OptionalStatementKind ClassifyAlter(ReadOnlySpan<byte> statement)
    {
        var head = StatementWords.Read(statement, 2);
        if (head.Count < 2 || head[1] != "table")
        {
            return head.Count == 2 ? ObjectKind(head[1]) : OptionalStatementKind.None;
        }

        var words = StatementWords.Read(statement);
        var n = words.Count;
        if (StatementWords.Has(words, n - 4, "enable", "row", "level", "security"))
        {
            return OptionalStatementKind.Policy;
        }

        return StatementWords.Has(words, n - 4, "set", "access", "method") ? OptionalStatementKind.TableAccessMethod : OptionalStatementKind.None;
    }
}
