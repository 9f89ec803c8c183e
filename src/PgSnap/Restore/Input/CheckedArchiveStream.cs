using System.Globalization;
using PgSnap.Archive;
using PgSnap.Archive.Manifest;
using PgSnap.Archive.Reading;

namespace PgSnap.Restore.Input;

/// <summary>
/// The uncompressed text of a complete PgSnap archive, read block by block through its manifest, checking each
/// block's length and XXH64 as its last byte goes by (<see cref="BlockDigest"/>, the same judgement as verify's): the
/// safety survey reads it, so one pass over the file both surveys every statement and checks every block before anything runs (they used to be two full passes, paid
/// before the first statement: 0.9 s of an 865 MB file).
/// </summary>
/// <remarks>
/// The manifest's blocks must tile the file exactly (block 0 at byte 0, each starting where the one before ends,
/// the last ending where the manifest block starts, the footer last), so this text is the same text the sequential
/// restore reads from the file's start and the same blocks restore -j opens by offset: nothing in the file escapes
/// the survey or the checksums. The manifest block follows the blocks (its checksum was checked with the footer)
/// and then the footer's line.
/// </remarks>
internal sealed class CheckedArchiveStream : ForwardReadStream
{
    private readonly ArchiveIndex _index;
    private readonly string _name;
    private readonly IReadOnlyList<BlockRecord> _blocks;
    private readonly BlockDigest _digest = new();
    /// <summary>Next entry of <see cref="_blocks"/> to open; _blocks.Count is the manifest, + 1 the footer, + 2 the end.</summary>
    private int _next;
    private Stream? _current;
    /// <summary>The manifest record of <see cref="_current"/>, or null for the manifest block and the footer (not hashed here).</summary>
    private BlockRecord? _currentRecord;

    /// <summary>Only some blocks (a selective restore): no manifest or footer after them.</summary>
    private readonly bool _subset;

    /// <summary>What a damaged block means for the restore, said at the end of the error.</summary>
    private readonly string _consequence;

    private CheckedArchiveStream(ArchiveIndex index, string name, IReadOnlyList<BlockRecord>? only, string consequence)
    {
        _index = index;
        _name = name;
        _blocks = only ?? index.Manifest.Blocks;
        _subset = only is not null;
        _consequence = consequence;
    }

    /// <summary>What a damaged block found by the survey, before anything runs, means.</summary>
    public const string BeforeAnythingRuns = "nothing was restored";

    /// <summary>
    /// What a damaged data block found while its rows are being restored means: its COPY is still open when the
    /// block's last byte is checked, so its rows are never committed; what ran before stays unless the restore runs in
    /// one transaction.
    /// </summary>
    public const string WhileRestoring = "the restore stopped before this block's rows were committed";

    /// <summary>Opens the checked text of <paramref name="index"/>; throws <see cref="PgSnapErrorKind.Corrupt"/> when its blocks do not tile the file.</summary>
    /// <param name="index">The archive's footer and manifest.</param>
    /// <param name="name">The archive's name in messages.</param>
    /// <param name="only">For a selective restore: the blocks to read (in file order), each checked; null for all of them.</param>
    /// <param name="consequence">What a damaged block means, for the error: <see cref="BeforeAnythingRuns"/> or <see cref="WhileRestoring"/>.</param>
    public static CheckedArchiveStream Open(ArchiveIndex index, string name, IReadOnlyList<BlockRecord>? only = null, string consequence = BeforeAnythingRuns)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.LayoutProblem() is { } problem)
        {
            throw new PgSnapException(PgSnapErrorKind.Corrupt, $"{name}: {problem}: the manifest does not describe this file; {consequence}");
        }

        return new CheckedArchiveStream(index, name, only, consequence);
    }

    /// <summary>
    /// One block, checked as its last byte goes by, for a reader that was given the block by a caller that has already
    /// checked the layout (restore -j's workers, after the survey opened the archive with <see cref="Open"/>).
    /// </summary>
    public static CheckedArchiveStream OpenBlock(ArchiveIndex index, string name, BlockRecord block, string consequence)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(block);
        return new CheckedArchiveStream(index, name, [block], consequence);
    }

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null && !OpenNext())
            {
                return 0;
            }

            int n;
            try
            {
                n = _current!.Read(buffer);
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                throw Unreadable(ex);
            }

            if (n > 0)
            {
                Account(buffer[..n]);
                return n;
            }

            CloseCurrent();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null && !OpenNext())
            {
                return 0;
            }

            int n;
            try
            {
                n = await _current!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                throw Unreadable(ex);
            }

            if (n > 0)
            {
                Account(buffer.Span[..n]);
                return n;
            }

            CloseCurrent();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> bytes)
    {
        if (_currentRecord is not null)
        {
            _digest.Append(bytes);
        }
    }

    private bool OpenNext()
    {
        var footer = _index.Footer;
        if (_next < _blocks.Count)
        {
            _currentRecord = _blocks[_next];
            _digest.Reset();
            _current = Open(_currentRecord);
        }
        else if (_subset)
        {
            return false;
        }
        else if (_next == _blocks.Count)
        {
            _currentRecord = null;
            _current = Open(new BlockRecord { Id = _blocks.Count, Section = ArchiveFormat.Sections.Manifest, Kind = ArchiveFormat.Kinds.Manifest, Offset = footer.ManifestOffset, Length = footer.ManifestLength });
        }
        else if (_next == _blocks.Count + 1)
        {
            _currentRecord = null;
            _current = new MemoryStream(footer.ToLine(), writable: false);
        }
        else
        {
            return false;
        }

        _next++;
        return true;
    }

    private Stream Open(BlockRecord record)
    {
        try
        {
            return _index.OpenBlock(record);
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            _currentRecord = record;
            throw Unreadable(ex);
        }
    }

    /// <summary>At the end of a block: it must be exactly the length and checksum the manifest recorded.</summary>
    private void CloseCurrent()
    {
        _current!.Dispose();
        _current = null;
        if (_currentRecord is not { } record)
        {
            return;
        }

        if (_digest.Mismatch(record) is { } problem)
        {
            throw Bad(record, problem);
        }
    }

    /// <summary>
    /// A read failure that says the archive is damaged; not object storage that cannot be reached (already a one-line
    /// connection error naming the object, exit code 3), which says nothing about the archive.
    /// </summary>
    private static bool IsDamage(Exception ex) =>
        ex is PgSnapException { Kind: not PgSnapErrorKind.Connection } or IOException or InvalidDataException;

    private PgSnapException Unreadable(Exception ex) =>
        _currentRecord is { } record
            ? Bad(record, "cannot be read: " + ex.Message.ReplaceLineEndings(" "))
            : new PgSnapException(PgSnapErrorKind.Corrupt, $"{_name}: the manifest block cannot be read: {ex.Message.ReplaceLineEndings(" ")}; {_consequence}", ex);

    private PgSnapException Bad(BlockRecord record, string problem) =>
        new(PgSnapErrorKind.Corrupt, $"{_name}: {BlockDescription.Of(record)} {problem}; {_consequence}");
}
