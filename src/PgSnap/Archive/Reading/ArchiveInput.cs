namespace PgSnap.Archive.Reading;

/// <summary>
/// A restore input opened for reading: a path or <c>-</c> (stdin), its compression detected from the magic bytes,
/// refused with one clear line when it is not something we restore (bzip2, xz, pg_dump custom / directory / tar,
/// binary), and exposed as one stream of uncompressed SQL text.
/// </summary>
public sealed class ArchiveInput : IAsyncDisposable
{
    private ArchiveInput(Stream text, ArchiveCompression compression, string source, string? path)
    {
        Text = text;
        Compression = compression;
        Source = source;
        Path = path;
    }

    /// <summary>The uncompressed SQL text, read from the start.</summary>
    public Stream Text { get; }

    public ArchiveCompression Compression { get; }

    /// <summary>The name to use in messages: the path, or "stdin".</summary>
    public string Source { get; }

    /// <summary>The file's path (or s3:// URL) when the input can be read at any offset; null for stdin.</summary>
    public string? Path { get; }

    /// <summary>Opens <paramref name="pathOrDash"/>; <paramref name="stdin"/> is read when it is "-".</summary>
    public static async Task<ArchiveInput> OpenAsync(string pathOrDash, Func<Stream> stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathOrDash);
        ArgumentNullException.ThrowIfNull(stdin);
        var isStdin = pathOrDash == "-";
        var source = isStdin ? "stdin" : pathOrDash;
        var remote = Storage.S3.S3Location.IsS3(pathOrDash);
        if (!isStdin && !remote)
        {
            if (InputFormatDetector.IsPgDumpDirectory(pathOrDash))
            {
                InputFormatDetector.ThrowIfUnsupported(InputKind.PgDumpDirectory, source);
            }

            if (Directory.Exists(pathOrDash))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"{source} is a directory, not an archive file");
            }

            if (!File.Exists(pathOrDash))
            {
                throw new PgSnapException(PgSnapErrorKind.Usage, $"{source}: no such file");
            }
        }

        // An object is read front to back in ranged GETs, starting small (the header verbs need only the first lines).
        Stream raw;
        if (remote)
        {
            var blob = await ArchiveBlob.OpenAsync(pathOrDash, cancellationToken).ConfigureAwait(false);
            raw = blob.OpenRange(0, blob.Length, firstRead: 1 << 16);
        }
        else
        {
            raw = isStdin ? stdin() : OpenFile(pathOrDash);
        }
        try
        {
            var (head, rest) = await PeekAsync(raw, cancellationToken).ConfigureAwait(false);
            var kind = InputFormatDetector.Detect(head.Span);
            InputFormatDetector.ThrowIfUnsupported(kind, source);
            var compression = Decompression.FromKind(kind)!.Value;
            var text = Decompression.Open(rest, compression, source);
            if (compression != ArchiveCompression.None)
            {
                // A gzipped custom-format dump or tar is still not SQL: look again after decompression.
                (head, text) = await PeekAsync(text, cancellationToken).ConfigureAwait(false);
                var inner = InputFormatDetector.Detect(head.Span);
                if (inner is not InputKind.Text)
                {
                    InputFormatDetector.ThrowIfUnsupported(inner is InputKind.Gzip or InputKind.Lz4 or InputKind.Zstd ? InputKind.Binary : inner, $"{source} (decompressed)");
                }
            }

            return new ArchiveInput(text, compression, source, isStdin ? null : pathOrDash);
        }
        catch
        {
            await raw.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => Text.DisposeAsync();

    internal static FileStream OpenFile(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    private static async Task<(ReadOnlyMemory<byte> Head, Stream Replay)> PeekAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[InputFormatDetector.PeekLength];
        var total = 0;
        while (total < head.Length)
        {
            var n = await stream.ReadAsync(head.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return (head.AsMemory(0, total), new PrefixedReadStream(head.AsMemory(0, total), stream));
    }
}
