namespace PgSnap.Dump.Preflight;

/// <summary>
/// One thing that would make a dump fail or that the user should know before it starts.
/// </summary>
/// <param name="Check">Which precondition it is about.</param>
/// <param name="Blocking">True when the dump must not start; false for a warning.</param>
/// <param name="Message">One line, safe to print (no password).</param>
/// <param name="Fix">The statement or action that fixes it (e.g. <c>GRANT SELECT ON TABLE auth.audit_log_entries TO app;</c>), or null.</param>
/// <param name="ForceOverrides">True when <c>--force</c> turns this blocking problem into a warning (the disk-space estimate).</param>
public sealed record PreflightProblem(PreflightCheck Check, bool Blocking, string Message, string? Fix = null, bool ForceOverrides = false);
