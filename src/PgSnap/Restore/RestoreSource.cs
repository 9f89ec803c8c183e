using PgSnap.Archive.Reading;

namespace PgSnap.Restore;

/// <summary>
/// Where a restore reads from: a file, stdin spooled to a temporary file, or (dry runs only) stdin itself.
/// Messages always name what the user gave: the path, or "stdin" — never the spool's temporary name.
/// </summary>
internal sealed class RestoreSource
{
    private readonly Func<Stream> _stdin;

    public RestoreSource(string input, string? spoolPath, Func<Stream> stdin)
    {
        Name = input == "-" ? "stdin" : input;
        ReadPath = spoolPath ?? input;
        IsSpooled = spoolPath is not null;
        _stdin = stdin;
    }

    /// <summary>The input's name in messages.</summary>
    public string Name { get; }

    /// <summary>The file to read ("-" for an unspooled stdin).</summary>
    public string ReadPath { get; }

    /// <summary>True when the input can be read more than once (a file, or spooled stdin).</summary>
    public bool IsFile => ReadPath != "-";

    /// <summary>True for an object in S3-compatible storage (read through ranged GETs, never spooled).</summary>
    public bool IsRemote => Storage.S3.S3Location.IsS3(ReadPath);

    private bool IsSpooled { get; }

    /// <summary>Opens the input from its start, decompressing it.</summary>
    public Task<ArchiveInput> OpenAsync(CancellationToken cancellationToken) =>
        IsSpooled
            ? ArchiveInput.OpenAsync("-", () => ArchiveInput.OpenFile(ReadPath), cancellationToken)
            : ArchiveInput.OpenAsync(ReadPath, _stdin, cancellationToken);

    /// <summary>
    /// Uncompressed bytes the restore will read, for progress and ETA: the manifest's sum for a PgSnap archive,
    /// the file's length for an uncompressed file; null when unknown (a compressed pg_dump file, unspooled stdin).
    /// </summary>
    public long? TotalBytes(ArchiveIndex? index)
    {
        if (index is not null)
        {
            long total = 0;
            foreach (var block in index.Manifest.Blocks)
            {
                total += block.RawLength;
            }

            return total;
        }

        if (!IsFile || IsRemote)
        {
            return null;
        }

        Span<byte> head = stackalloc byte[16];
        using var file = File.OpenHandle(ReadPath);
        var n = RandomAccess.Read(file, head, 0);
        return InputFormatDetector.Detect(head[..n]) == InputKind.Text ? RandomAccess.GetLength(file) : null;
    }
}
