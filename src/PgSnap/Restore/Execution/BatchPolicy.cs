using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// Which statements may share a round trip with their neighbours (docs/FORMAT.md, "Restore in batches"). A batch
/// runs as one implicit transaction on the server, so only statements that behave the same inside a transaction
/// block as on their own qualify: the DDL, privileges, comments, settings and data statements a dump is made of.
/// Everything else runs alone: statements PostgreSQL refuses in a transaction block (CREATE DATABASE, … CONCURRENTLY,
/// ALTER SYSTEM, subscriptions, VACUUM), ALTER TYPE … ADD VALUE (its new label cannot be used before it commits),
/// transaction control, SET LOCAL / SET TRANSACTION, DO and CALL (which may commit), and any first word not listed.
/// </summary>
public static class BatchPolicy
{
    /// <summary>True when <paramref name="statement"/> (lower-case first word <paramref name="firstWord"/>) may be batched.</summary>
    public static bool CanBatch(ReadOnlySpan<byte> statement, ReadOnlySpan<byte> firstWord)
    {
        if (!IsBatchableVerb(firstWord))
        {
            return false;
        }

        var t = new SqlTokenizer(statement);
        t.Next();
        t.Next();
        if (firstWord.SequenceEqual("set"u8))
        {
            return !(t.Is("local"u8) || t.Is("transaction"u8) || t.Is("constraints"u8) || (t.Is("session"u8) && NextIs(ref t, "characteristics"u8)));
        }

        if (firstWord.SequenceEqual("create"u8) || firstWord.SequenceEqual("drop"u8) || firstWord.SequenceEqual("alter"u8))
        {
            if (t.Is("database"u8) || t.Is("tablespace"u8) || t.Is("subscription"u8) || t.Is("system"u8))
            {
                return false;
            }

            var isAlterType = firstWord.SequenceEqual("alter"u8) && t.Is("type"u8);
            var previousIsAdd = false;
            // CONCURRENTLY comes within the first few words (CREATE UNIQUE INDEX CONCURRENTLY, DROP INDEX
            // CONCURRENTLY); ADD VALUE anywhere at the top level of an ALTER TYPE.
            for (var i = 0; t.Kind != SqlTokenKind.End && (isAlterType || i < 6); i++)
            {
                if (t.Depth == 0 && t.Is("concurrently"u8))
                {
                    return false;
                }

                if (isAlterType && t.Depth == 0 && previousIsAdd && t.Is("value"u8))
                {
                    return false;
                }

                previousIsAdd = t.Is("add"u8);
                t.Next();
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="firstWord"/> starts a transaction-control statement: once a script manages its own
    /// transactions, its statements run one by one, as it wrote them.
    /// </summary>
    public static bool IsTransactionControl(ReadOnlySpan<byte> firstWord) =>
        firstWord.SequenceEqual("begin"u8) || firstWord.SequenceEqual("start"u8) || firstWord.SequenceEqual("commit"u8)
        || firstWord.SequenceEqual("end"u8) || firstWord.SequenceEqual("rollback"u8) || firstWord.SequenceEqual("abort"u8)
        || firstWord.SequenceEqual("savepoint"u8) || firstWord.SequenceEqual("release"u8) || firstWord.SequenceEqual("prepare"u8);

    private static bool IsBatchableVerb(ReadOnlySpan<byte> w) =>
        w.SequenceEqual("create"u8) || w.SequenceEqual("alter"u8) || w.SequenceEqual("comment"u8) || w.SequenceEqual("grant"u8)
        || w.SequenceEqual("revoke"u8) || w.SequenceEqual("security"u8) || w.SequenceEqual("select"u8) || w.SequenceEqual("set"u8)
        || w.SequenceEqual("reset"u8) || w.SequenceEqual("refresh"u8) || w.SequenceEqual("drop"u8) || w.SequenceEqual("insert"u8)
        || w.SequenceEqual("update"u8) || w.SequenceEqual("delete"u8) || w.SequenceEqual("truncate"u8);

    private static bool NextIs(ref SqlTokenizer t, ReadOnlySpan<byte> word)
    {
        t.Next();
        return t.Is(word);
    }
}
