using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Input;
using PgSnap.Restore.Selection;

namespace PgSnap.Restore;

/// <summary>What a restore knows before it connects: the input, its survey, what was chosen, the dumped server's version.</summary>
/// <param name="Input">The path as given, or "-".</param>
/// <param name="Source">The file read (the spool for stdin).</param>
/// <param name="Index">The footer index of a complete PgSnap archive; null for anything else.</param>
/// <param name="Selected">The manifest blocks a selection chose; null without a selection (or for a plain file).</param>
/// <param name="Plain">A selection over a pg_dump plain file, applied as the statements go by.</param>
/// <param name="Survey">The survey of the whole script (null only for stdin in a dry run).</param>
/// <param name="SourceVersion">The dumped server's version, when the input says.</param>
/// <param name="Counters">Progress and totals.</param>
internal sealed record PreparedRestore(
    string Input, RestoreSource Source, ArchiveIndex? Index, IReadOnlyList<BlockRecord>? Selected, PlainEntrySelection? Plain,
    ScriptSurvey? Survey, string? SourceVersion, RestoreCounters Counters);
