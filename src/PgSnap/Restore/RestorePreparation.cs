using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;
using PgSnap.Restore.Execution;
using PgSnap.Restore.Input;
using PgSnap.Restore.Selection;
using PgSnap.Restore.Target;

namespace PgSnap.Restore;

/// <summary>
/// A restore's work before it connects: the options and the input checked against each other, the whole script
/// surveyed, the chosen entries and the dumped server's version read (<see cref="PreparedRestore"/>). Whatever is
/// refused here is refused before anything of the target is touched.
/// </summary>
internal static class RestorePreparation
{
    /// <summary>Refuses option combinations that contradict each other, before anything is read or connected.</summary>
    public static void ValidateOptions(string input, RestoreOptions options)
    {
        if (options.Jobs < 1)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j/--jobs must be at least 1");
        }

        if (options.Jobs > 1 && options.SingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-j and --single-transaction cannot be used together");
        }

        if (options.SingleTransaction && options.NoSingleTransaction)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--single-transaction and --no-single-transaction contradict each other");
        }

        if (options.Jobs > 1 && (options.DisableTriggers || (options.UseSetSessionAuthorization && !options.NoOwner)))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "--disable-triggers and --use-set-session-authorization work on one connection: restore with -j 1");
        }

        if (options.Clean && input == "-" && options.DryRun)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "--clean --dry-run needs a file, not stdin: the objects to drop are read before the restore starts");
        }
    }

    /// <summary>-l and a selection need what only some inputs have: a manifest, or a file to read twice.</summary>
    public static void CheckInputSuits(RestoreOptions options, RestoreSource source, ArchiveIndex? index, RestoreSelection? selection)
    {
        if (options.List && index is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "restore -l needs a complete PgSnap archive (its ids come from the manifest); `pgsnap list FILE` prints a pg_dump file's entries");
        }

        if (selection is not null && index is null && !source.IsFile)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "a selective --dry-run of stdin needs a file: the entries are read before anything is listed");
        }
    }

    /// <summary>Everything known before connecting: the survey of the whole script, the chosen entries, the source version.</summary>
    public static async Task<PreparedRestore> PrepareAsync(
        string input, RestoreSource source, ArchiveIndex? index, RestoreSelection? selection, IReadOnlyList<BlockRecord>? selected,
        RestoreOptions options, CancellationToken cancellationToken)
    {
        var survey = source.IsFile ? await ScriptSurvey.RunAsync(source, index, selected, cancellationToken).ConfigureAwait(false) : null;
        // A pg_dump plain file has no manifest: its entries are chosen as the statements go by, from the survey's view of them.
        var plain = selection is not null && index is null ? new PlainEntrySelection(selection, survey!) : null;
        if (plain is not null)
        {
            survey = survey!.Narrow(plain.Includes);
        }

        if (options.Jobs > 1 && index is null)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "-j needs a complete PgSnap archive (with its manifest and completion marker); restore pg_dump files and incomplete archives with -j 1");
        }

        if (options.DisableTriggers && !IsDataOnly(survey, selection))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage,
                "--disable-triggers applies to a data-only restore: add -a (or --section data), or restore a data-only archive");
        }

        var sourceVersion = await ReadSourceVersionAsync(source, index, cancellationToken).ConfigureAwait(false);
        var counters = new RestoreCounters(options.Progress, source.TotalBytes(index));
        return new PreparedRestore(input, source, index, selected, plain, survey, sourceVersion, counters);
    }

    /// <summary>Whether only rows are restored: -a, --section data alone, or an archive that holds nothing else.</summary>
    private static bool IsDataOnly(ScriptSurvey? survey, RestoreSelection? selection) =>
        survey is { IsDataOnly: true } || selection is { DataOnly: true } || selection?.Sections is [ArchiveFormat.Sections.Data];

    /// <summary>The dumped server's version: from an archive's header block (through the manifest), else the file's first lines.</summary>
    private static async Task<string?> ReadSourceVersionAsync(RestoreSource source, ArchiveIndex? index, CancellationToken cancellationToken)
    {
        if (index?.Manifest.Blocks.FirstOrDefault(static b => b.Section == ArchiveFormat.Sections.Header) is { } header)
        {
            await using var text = index.OpenBlock(header);
            return await RestoreVersionGuard.ReadSourceVersionAsync(text, cancellationToken).ConfigureAwait(false);
        }

        return source.IsFile ? await RestoreVersionGuard.ReadSourceVersionAsync(source.ReadPath, cancellationToken).ConfigureAwait(false) : null;
    }
}
