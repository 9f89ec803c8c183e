using System.Globalization;
using System.Text;
using System.Text.Json;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Restore.Target;

/// <summary>
/// Restoring across server majors (README, "Server versions"). Upward moves (a 15 dump into 17) are what users upgrade with and just
/// run. A downward move (a 17 dump into 15) can meet syntax or features the older server lacks part-way through, so
/// it is refused before anything runs unless <c>--allow-downgrade</c>; a statement that then fails says that the
/// target's major may lack the feature, next to the statement and the server's own message.
/// </summary>
/// <remarks>
/// The source major comes from the archive's header (<c>server_version</c>) or from pg_dump's
/// <c>-- Dumped from database version</c> line. Only a file can be read ahead: from stdin the header is not
/// checked before the restore starts.
/// </remarks>
public static class RestoreVersionGuard
{
    /// <summary>The CLI option that lets a restore into an older major go on.</summary>
    public const string OverrideOption = "--allow-downgrade";

    /// <summary>
    /// The server version a PgSnap archive or pg_dump plain file was dumped from (e.g. "17.10"), read from its first
    /// lines; null when the file does not say.
    /// </summary>
    public static async Task<string?> ReadSourceVersionAsync(string path, CancellationToken cancellationToken) =>
        (await ArchiveStart.ReadAsync(path, cancellationToken).ConfigureAwait(false)).ServerVersion;

    /// <summary>
    /// The same, from the start of <paramref name="text"/> (uncompressed): a PgSnap archive's header block opened
    /// through its manifest, so a selective restore reads no byte of the file it does not need.
    /// </summary>
    public static async Task<string?> ReadSourceVersionAsync(Stream text, CancellationToken cancellationToken) =>
        (await ArchiveStart.ReadAsync(text, cancellationToken).ConfigureAwait(false)).ServerVersion;

    /// <summary>The major of a version string such as "17.10", "9.6.3" or "18beta1" (0 when unreadable).</summary>
    public static int MajorOf(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return 0;
        }

        var end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return int.TryParse(version.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0;
    }

    /// <summary>
    /// Refuses (<see cref="PgSnapErrorKind.Refused"/>) a restore from <paramref name="sourceVersion"/> into an older
    /// <paramref name="targetMajor"/> unless <paramref name="allowDowngrade"/>.
    /// </summary>
    public static void ThrowIfRefused(string? sourceVersion, int targetMajor, bool allowDowngrade)
    {
        var sourceMajor = MajorOf(sourceVersion);
        if (sourceMajor == 0 || targetMajor == 0 || sourceMajor <= targetMajor || allowDowngrade)
        {
            return;
        }

        var what = string.Create(CultureInfo.InvariantCulture,
            $"the archive was dumped from PostgreSQL {sourceVersion} and the target runs PostgreSQL {targetMajor}: an older major can lack syntax or features of {sourceMajor} and fail part-way through");
        throw new PgSnapException(PgSnapErrorKind.Refused,
            $"{what}; nothing was restored. Restore into PostgreSQL {sourceMajor} or newer, or pass {OverrideOption} (best with --single-transaction, so a failure leaves nothing behind)");
    }

    /// <summary>
    /// A failed statement of a downgrade, with the likely cause added: the statement and the server's message name
    /// the object and what the target refused.
    /// </summary>
    public static PgSnapException Explain(PgSnapException failure, string? sourceVersion, int targetMajor)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var sourceMajor = MajorOf(sourceVersion);
        if (failure.Kind != PgSnapErrorKind.RestoreFailed || sourceMajor <= targetMajor || targetMajor == 0)
        {
            return failure;
        }

        return new PgSnapException(failure.Kind,
            string.Create(CultureInfo.InvariantCulture,
                $"{failure.Message} [restoring a PostgreSQL {sourceMajor} archive into PostgreSQL {targetMajor}: this statement probably uses a feature {targetMajor} lacks]"),
            failure)
        { SqlState = failure.SqlState };
    }
}
