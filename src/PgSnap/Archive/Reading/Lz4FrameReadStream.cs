using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace PgSnap.Archive.Reading;

/// <summary>
/// Decodes one or more concatenated LZ4 frames (LZ4 frame format 1.6) into one read-only stream: PgSnap writes
/// one frame per block, and <c>lz4</c> itself writes one per file. Block and content checksums are verified when
/// the frame carries them, skippable frames are skipped, linked blocks use the previous 64 KiB as dictionary.
/// A truncated or corrupt frame is an error naming the compressed byte offset, never a silent short read.
/// </summary>
internal sealed class Lz4FrameReadStream : ForwardReadStream
{
    private const uint FrameMagic = 0x184D2204;
    private const int DictionarySize = 64 * 1024;

    private readonly Stream _inner;
    private readonly string _source;
    private readonly bool _leaveOpen;
    // Magic (4), FLG and BD (2), content size (8), dictionary id (4), header checksum (1): the longest header is 19.
    private readonly byte[] _header = new byte[19];

    /// <summary>Bytes consumed from the compressed input so far (for error messages).</summary>
    private long _compressedPosition;
    private byte[] _compressed = [];
    /// <summary>Decoded block; with linked blocks the previous 64 KiB sit in front of it as the dictionary.</summary>
    private byte[] _decoded = [];
    private int _decodedStart;
    private int _decodedEnd;
    private FrameState _state = FrameState.BetweenFrames;
    private bool _blockChecksum;
    private bool _contentChecksum;
    private bool _linked;
    private int _blockMax;
    private XxHash32? _contentHash;

    public Lz4FrameReadStream(Stream inner, string source, bool leaveOpen = false)
    {
        _inner = inner;
        _source = source;
        _leaveOpen = leaveOpen;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_decodedStart == _decodedEnd && !FillAsync(useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            return 0;
        }

        return CopyOut(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_decodedStart == _decodedEnd && !await FillAsync(useAsync: true, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        return CopyOut(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffers();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        ReturnBuffers();
        if (!_leaveOpen)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int CopyOut(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _decodedEnd - _decodedStart);
        _decoded.AsSpan(_decodedStart, n).CopyTo(buffer);
        _decodedStart += n;
        return n;
    }

    /// <summary>Decodes blocks until some output is ready; false at a clean end of input (between frames).</summary>
    private async ValueTask<bool> FillAsync(bool useAsync, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_state == FrameState.BetweenFrames)
            {
                var magicRead = await ReadUpToAsync(_header.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
                if (magicRead == 0)
                {
                    return false;
                }

                if (magicRead < 4)
                {
                    throw Corrupt("truncated LZ4 frame header");
                }

                var magic = BinaryPrimitives.ReadUInt32LittleEndian(_header);
                if ((magic & 0xFFFFFFF0u) == 0x184D2A50u)
                {
                    await ReadExactAsync(_header.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
                    await SkipAsync(BinaryPrimitives.ReadUInt32LittleEndian(_header), useAsync, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (magic != FrameMagic)
                {
                    throw Corrupt("not an LZ4 frame (bad magic number)");
                }

                await ReadFrameDescriptorAsync(useAsync, cancellationToken).ConfigureAwait(false);
                _state = FrameState.InFrame;
            }

            await ReadExactAsync(_header.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
            var sizeField = BinaryPrimitives.ReadUInt32LittleEndian(_header);
            if (sizeField == 0)
            {
                await EndFrameAsync(useAsync, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stored = (sizeField & 0x8000_0000u) != 0;
            var size = (int)(sizeField & 0x7FFF_FFFFu);
            if (size > _blockMax)
            {
                throw Corrupt($"LZ4 block of {size} bytes exceeds the frame's maximum of {_blockMax}");
            }

            var blockOffset = _compressedPosition;
            await ReadExactAsync(_compressed.AsMemory(0, size), useAsync, cancellationToken).ConfigureAwait(false);
            if (_blockChecksum)
            {
                await ReadExactAsync(_header.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
                if (BinaryPrimitives.ReadUInt32LittleEndian(_header) != XxHash32.HashToUInt32(_compressed.AsSpan(0, size)))
                {
                    throw Corrupt("LZ4 block checksum mismatch", blockOffset);
                }
            }

            DecodeBlock(size, stored, blockOffset);
            if (_decodedEnd > _decodedStart)
            {
                return true;
            }
        }
    }

    private void DecodeBlock(int size, bool stored, long blockOffset)
    {
        // Keep the last 64 KiB of output in front of the new block when blocks are linked.
        var keep = 0;
        if (_linked && _decodedEnd > 0)
        {
            keep = Math.Min(DictionarySize, _decodedEnd);
            _decoded.AsSpan(_decodedEnd - keep, keep).CopyTo(_decoded);
        }

        var target = _decoded.AsSpan(keep, _blockMax);
        int written;
        if (stored)
        {
            _compressed.AsSpan(0, size).CopyTo(target);
            written = size;
        }
        else
        {
            written = keep > 0
                ? LZ4Codec.Decode(_compressed.AsSpan(0, size), target, _decoded.AsSpan(0, keep))
                : LZ4Codec.Decode(_compressed.AsSpan(0, size), target);
            if (written < 0)
            {
                throw Corrupt("corrupt LZ4 block", blockOffset);
            }
        }

        _decodedStart = keep;
        _decodedEnd = keep + written;
        _contentHash?.Append(_decoded.AsSpan(_decodedStart, written));
    }

    private async ValueTask ReadFrameDescriptorAsync(bool useAsync, CancellationToken cancellationToken)
    {
        await ReadExactAsync(_header.AsMemory(4, 2), useAsync, cancellationToken).ConfigureAwait(false);
        var flg = _header[4];
        var bd = _header[5];
        if ((flg >> 6) != 1)
        {
            throw Corrupt("unsupported LZ4 frame version");
        }

        var extra = ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        await ReadExactAsync(_header.AsMemory(6, extra + 1), useAsync, cancellationToken).ConfigureAwait(false);
        var expected = (byte)((XxHash32.HashToUInt32(_header.AsSpan(4, 2 + extra)) >> 8) & 0xFF);
        if (_header[6 + extra] != expected)
        {
            throw Corrupt("LZ4 frame header checksum mismatch");
        }

        if ((flg & 0x01) != 0)
        {
            throw Corrupt("LZ4 frames with an external dictionary are not supported");
        }

        _linked = (flg & 0x20) == 0;
        _blockChecksum = (flg & 0x10) != 0;
        _contentChecksum = (flg & 0x04) != 0;
        _contentHash = _contentChecksum ? new XxHash32() : null;
        _blockMax = ((bd >> 4) & 0x7) switch
        {
            4 => 64 * 1024,
            5 => 256 * 1024,
            6 => 1024 * 1024,
            7 => 4 * 1024 * 1024,
            _ => throw Corrupt("invalid LZ4 block maximum size"),
        };
        EnsureBuffers();
        _decodedStart = _decodedEnd = 0;
    }

    private async ValueTask EndFrameAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_contentChecksum)
        {
            var at = _compressedPosition;
            await ReadExactAsync(_header.AsMemory(0, 4), useAsync, cancellationToken).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt32LittleEndian(_header) != _contentHash!.GetCurrentHashAsUInt32())
            {
                throw Corrupt("LZ4 content checksum mismatch", at);
            }
        }

        _state = FrameState.BetweenFrames;
        _decodedStart = _decodedEnd = 0;
    }

    private void EnsureBuffers()
    {
        if (_compressed.Length < _blockMax)
        {
            ReturnBuffers();
            _compressed = ArrayPool<byte>.Shared.Rent(_blockMax);
            _decoded = ArrayPool<byte>.Shared.Rent(_blockMax + DictionarySize);
        }
    }

    private void ReturnBuffers()
    {
        if (_compressed.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_compressed);
            ArrayPool<byte>.Shared.Return(_decoded);
            _compressed = [];
            _decoded = [];
        }
    }

    private async ValueTask ReadExactAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        if (await ReadUpToAsync(buffer, useAsync, cancellationToken).ConfigureAwait(false) < buffer.Length)
        {
            throw Corrupt("truncated LZ4 frame (unexpected end of input)");
        }
    }

    private async ValueTask<int> ReadUpToAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = useAsync
                ? await _inner.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false)
                : _inner.Read(buffer.Span[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
            _compressedPosition += n;
        }

        return total;
    }

    private async ValueTask SkipAsync(long count, bool useAsync, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while (count > 0)
            {
                var chunk = (int)Math.Min(count, scratch.Length);
                await ReadExactAsync(scratch.AsMemory(0, chunk), useAsync, cancellationToken).ConfigureAwait(false);
                count -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private PgSnapException Corrupt(string what, long? offset = null) =>
        new(PgSnapErrorKind.Corrupt, $"{_source}: {what} at compressed byte offset {offset ?? _compressedPosition}");

    private enum FrameState
    {
        BetweenFrames,
        InFrame,
    }
}
