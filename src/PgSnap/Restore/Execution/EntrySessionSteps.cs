using PgSnap.Ddl;
using PgSnap.Sql;

namespace PgSnap.Restore.Execution;

/// <summary>
/// The statements pg_restore adds around an archive's entries, worked out from the entry lines (a PgSnap block
/// marker or pg_dump's "-- Name: …; Owner: …" comment) as the script goes by:
/// <list type="bullet">
/// <item>--use-set-session-authorization: <c>SET SESSION AUTHORIZATION owner</c> before an entry whose owner differs
/// from the one in force (<c>RESET SESSION AUTHORIZATION</c> for an entry without owner), so the owner creates its
/// own objects; the archive's <c>ALTER … OWNER TO</c> are then left out (<see cref="RestoreOptions.Skips"/>).</item>
/// <item>--disable-triggers (data-only): <c>ALTER TABLE … DISABLE TRIGGER ALL</c> before a table's rows and
/// <c>ENABLE TRIGGER ALL</c> once they are in, both as the session user (a superuser: foreign-key triggers are
/// system triggers).</item>
/// </list>
/// Server-free: the executor asks for the statements due before each statement it runs, and at the end.
/// </summary>
internal sealed class EntrySessionSteps
{
    private static readonly Quoting s_quoting = new([], quoteAll: true);
    private readonly bool _setSessionAuthorization;
    private readonly bool _disableTriggers;
    /// <summary>The owner the next statement should run as (null: the session user).</summary>
    private string? _wantedUser;
    /// <summary>The authorization in force on the connection (null: the session user).</summary>
    private string? _currentUser;
    /// <summary>False once the script set the authorization itself: the next entry sets it again whatever it was.</summary>
    private bool _currentKnown = true;
    /// <summary>The table whose rows come next, quoted (null: none).</summary>
    private string? _wantedDisabled;
    /// <summary>The table whose triggers are disabled now, quoted (null: none).</summary>
    private string? _disabled;

    public EntrySessionSteps(RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _setSessionAuthorization = options.UseSetSessionAuthorization && !options.NoOwner;
        _disableTriggers = options.DisableTriggers;
    }

    /// <summary>True when there is anything to do (most restores: nothing).</summary>
    public bool IsActive => _setSessionAuthorization || _disableTriggers;

    /// <summary>An entry line went by: <paramref name="entry"/> is what it names (null: a line that names no object).</summary>
    public void OnEntry(NamedEntry? entry)
    {
        if (_setSessionAuthorization && entry is not null)
        {
            _wantedUser = entry.Owner;
        }

        if (_disableTriggers)
        {
            _wantedDisabled = entry is { Kind: "TABLE DATA" } ? s_quoting.Qualified(entry.Schema, entry.Name) : null;
        }
    }

    /// <summary>The statements to run, in order, before the next statement of the script.</summary>
    public IReadOnlyList<string> Before()
    {
        var steps = new List<string>();
        if (_disabled is not null && _disabled != _wantedDisabled)
        {
            BecomeSessionUser(steps);
            steps.Add($"ALTER TABLE {_disabled} ENABLE TRIGGER ALL");
            _disabled = null;
        }

        if (_wantedDisabled is not null && _disabled != _wantedDisabled)
        {
            BecomeSessionUser(steps);
            steps.Add($"ALTER TABLE {_wantedDisabled} DISABLE TRIGGER ALL");
            _disabled = _wantedDisabled;
        }

        if (_setSessionAuthorization && (_wantedUser != _currentUser || !_currentKnown))
        {
            steps.Add(_wantedUser is null ? "RESET SESSION AUTHORIZATION" : "SET SESSION AUTHORIZATION " + s_quoting.Ident(_wantedUser));
            _currentUser = _wantedUser;
            _currentKnown = true;
        }

        return steps;
    }

    /// <summary>The statements that end the script: triggers enabled again, the session user back.</summary>
    public IReadOnlyList<string> AtEnd()
    {
        _wantedDisabled = null;
        _wantedUser = null;
        return Before();
    }

    /// <summary>A new connection (a followed \connect) starts as its session user.</summary>
    public void OnNewConnection()
    {
        _currentUser = null;
        _currentKnown = true;
    }

    /// <summary>The script ran its own SET / RESET SESSION AUTHORIZATION (a pg_dump file made with the option).</summary>
    public void OnScriptAuthorization() => _currentKnown = false;

    private void BecomeSessionUser(List<string> steps)
    {
        if (_currentUser is not null || !_currentKnown)
        {
            steps.Add("RESET SESSION AUTHORIZATION");
            _currentUser = null;
            _currentKnown = true;
        }
    }
}
