using System.IO.Hashing;
using System.Text;
using PgSnap.Archive.Manifest;

namespace PgSnap.Archive.Reading;

/// <summary>
/// The manifest block's text, read as the JSON it carries (what <see cref="ManifestText.Join"/> returns, without
/// holding the block or the JSON whole): each line's <see cref="ArchiveManifest.LinePrefix"/>, its line break and
/// the carriage returns at its end are left out, empty lines are skipped. Every byte of the block is hashed on the
/// way, so the checksum is known once the block is read to its end (<see cref="DrainAsync"/>). At 5,000 tables the
/// manifest is ~8 MB: read into a growing buffer, then joined, it cost ~25 MB of large arrays at the start of a
/// restore (README, "5,000 tables").
/// </summary>
internal sealed class ManifestJsonStream(Stream block) : Stream
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(ArchiveManifest.LinePrefix);

    private readonly XxHash64 _hash = new();
    private readonly byte[] _raw = new byte[1 << 16];
    private int _rawStart;
    private int _rawEnd;
    private bool _rawEnded;

    /// <summary>Bytes of the prefix matched at the start of the current line; -1 inside a line's JSON.</summary>
    private int _prefixMatched;

    /// <summary>Carriage returns at the start of a line (an empty line when its break follows).</summary>
    private bool _lineStartsWithReturn;

    /// <summary>Carriage returns inside a line's JSON not yet passed on: dropped if the line ends right after them.</summary>
    private int _pendingReturns;

    /// <summary>True once a line did not start with the prefix; the JSON then ends there.</summary>
    public bool HasBadLine { get; private set; }

    /// <summary>The XxHash64 of the block's bytes read so far (all of them after <see cref="DrainAsync"/>).</summary>
    public ulong BlockHash => _hash.GetCurrentHashAsUInt64();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the rest of the block (what the JSON reader left, or all of it after a bad line) into the hash.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _rawStart = _rawEnd;
        while (!_rawEnded)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
            _rawStart = _rawEnd;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_rawStart == _rawEnd && !_rawEnded)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            if (HasBadLine || buffer.IsEmpty)
            {
                return 0;
            }

            if (_rawStart == _rawEnd)
            {
                // The end of the block ends its last line: a partial prefix there is a line without it.
                HasBadLine |= _prefixMatched > 0;
                return 0;
            }

            var written = Translate(buffer.Span);
            if (written > 0 || HasBadLine)
            {
                return written;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var n = await block.ReadAsync(_raw, cancellationToken).ConfigureAwait(false);
        _rawStart = 0;
        _rawEnd = n;
        _rawEnded = n == 0;
        _hash.Append(_raw.AsSpan(0, n));
    }

    /// <summary>Moves the JSON of the buffered raw bytes into <paramref name="target"/>; returns the bytes written.</summary>
    private int Translate(Span<byte> target)
    {
        var written = 0;
        while (_rawStart < _rawEnd && written < target.Length)
        {
            var b = _raw[_rawStart];
            if (_prefixMatched >= 0)
            {
                if (!AtLineStart(b))
                {
                    return written;
                }
            }
            else if (b == (byte)'\n')
            {
                _pendingReturns = 0;
                _prefixMatched = 0;
            }
            else if (b == (byte)'\r')
            {
                _pendingReturns++;
            }
            else if (_pendingReturns > 0)
            {
                // A carriage return inside the line is part of the JSON: pass it on, then this byte.
                target[written++] = (byte)'\r';
                _pendingReturns--;
                continue;
            }
            else
            {
                target[written++] = b;
            }

            _rawStart++;
        }

        return written;
    }

    /// <summary>One byte of a line's start; false (and <see cref="HasBadLine"/>) when the line lacks the prefix.</summary>
    private bool AtLineStart(byte b)
    {
        if (b == (byte)'\n' && _prefixMatched == 0)
        {
            _lineStartsWithReturn = false;
        }
        else if (b == (byte)'\r' && _prefixMatched == 0)
        {
            _lineStartsWithReturn = true;
        }
        else if (!_lineStartsWithReturn && b == Prefix[_prefixMatched])
        {
            _prefixMatched++;
            if (_prefixMatched == Prefix.Length)
            {
                _prefixMatched = -1;
            }
        }
        else
        {
            HasBadLine = true;
            return false;
        }

        return true;
    }
}
