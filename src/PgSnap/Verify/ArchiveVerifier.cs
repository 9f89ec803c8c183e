using PgSnap.Archive;
using PgSnap.Archive.Reading;
using PgSnap.Sql;

namespace PgSnap.Verify;

/// <summary>
/// Checks an archive without a server (docs/ARCHITECTURE.md, "verify"). One streaming pass that works from a pipe as well as from a
/// file (<see cref="ArchiveStreamScanner"/>), then the checks of the format found: <see cref="PgSnapArchiveChecks"/>
/// (blocks against the manifest, manifest against the footer, recounted rows; the first bad block by seeking when
/// the input is a file) or <see cref="PgDumpFileChecks"/>, then <see cref="RequiredTableCheck"/>.
/// </summary>
public static class ArchiveVerifier
{
    /// <summary>Verifies <paramref name="input"/>, read from its start. Problems are reported, never thrown.</summary>
    public static async Task<VerifyReport> VerifyAsync(ArchiveInput input, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var state = new VerifyState();
        var hashing = new BlockHashingStream(input.Text);
        using (var splitter = new SqlScriptSplitter(hashing, input.Source))
        {
            try
            {
                await ArchiveStreamScanner.ReadAllAsync(splitter, hashing, state, cancellationToken).ConfigureAwait(false);
            }
            catch (PgSnapException ex) when (ex.Kind == PgSnapErrorKind.Corrupt)
            {
                // A decompression error or a statement / COPY cut short: the block in progress is the bad one.
                state.StreamError = ex.Message;
            }

            hashing.Cut(hashing.TotalRead);
        }

        var report = state.IsPgSnap
            ? await PgSnapArchiveChecks.CheckAsync(state, hashing.Ranges, input, cancellationToken).ConfigureAwait(false)
            : PgDumpFileChecks.Check(state, input);
        report = report with { UncompressedBytes = hashing.TotalRead };
        if (state.IsPgSnap && input.Path is not null && report.ErrorKind == PgSnapErrorKind.Corrupt)
        {
            // The stream can only say where the text broke; a seekable file can say exactly which block did.
            report = await PgSnapArchiveChecks.LocateBadBlockAsync(report, input.Path, cancellationToken).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsWindows() && input.Path is not null && File.Exists(input.Path) && Archive.Writing.PrivateFiles.IsExposed(input.Path))
        {
            // Backups hold password hashes and application secrets; PgSnap writes them 0600.
            var mode = Convert.ToString((int)File.GetUnixFileMode(input.Path), 8);
            report = report with { Warnings = [.. report.Warnings, $"{input.Path} is readable or writable by group or others (mode 0{mode}): backups hold secrets, chmod 600 it"] };
        }

        return RequiredTableCheck.Apply(report, state.DefinedTables, options);
    }

    /// <summary>Finds <c>schema.name</c> (or a bare name, read as public) among the tables.</summary>
    public static VerifiedTable? FindTable(IReadOnlyList<VerifiedTable> tables, string wanted)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(wanted);
        var (schema, name) = RequiredTableCheck.SplitName(wanted);
        return tables.FirstOrDefault(t => (t.Schema ?? "public") == schema && t.Name == name);
    }

    internal static string CompressionName(ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => "gzip",
        ArchiveCompression.Lz4 => "lz4",
        ArchiveCompression.Zstd => "zstd",
        _ => "none",
    };
}
