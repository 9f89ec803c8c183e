namespace PgSnap.Emit;

/// <summary>
/// The ALTER … TRIGGER statement that gives a trigger its pg_trigger.tgenabled state after CREATE TRIGGER (which
/// always makes it plain enabled, 'O').
/// </summary>
internal static class TriggerStateEmitter
{
    /// <param name="alterKeyword">TABLE, FOREIGN TABLE or VIEW.</param>
    /// <param name="table">The quoted, qualified table.</param>
    /// <param name="trigger">The quoted trigger name.</param>
    /// <param name="enabled">tgenabled: O (origin), D (disabled), R (replica), A (always).</param>
    /// <param name="evenWhenEnabled">
    /// Also write plain ENABLE for 'O': a partition's clone of its parent's trigger is created with the parent's state
    /// (and, from 15, changed with it), so a clone that is plain enabled under a parent that is not must say so.
    /// </param>
    /// <returns>The statement with its newline, or empty when CREATE TRIGGER's state is already right.</returns>
    public static string Statement(string alterKeyword, string table, string trigger, char enabled, bool evenWhenEnabled = false)
    {
        var action = enabled switch
        {
            'D' => "DISABLE",
            'R' => "ENABLE REPLICA",
            'A' => "ENABLE ALWAYS",
            _ => evenWhenEnabled ? "ENABLE" : null,
        };
        return action is null ? string.Empty : "ALTER " + alterKeyword + " " + table + " " + action + " TRIGGER " + trigger + ";\n";
    }
}
