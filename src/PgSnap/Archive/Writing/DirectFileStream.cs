using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PgSnap.Archive.Writing;

/// <summary>
/// A backup file written with direct I/O (Linux <c>O_DIRECT</c>): whole aligned chunks go from our buffer to the
/// disk without passing through the page cache. On these machines copying a dump into the page cache was the
/// biggest single cost of a plain dump (36 % of the dump's CPU samples in <c>copy_folio_from_iter_atomic</c>),
/// and a backup that is written once and read rarely has no business pushing the database server's hot pages
/// out of the OS cache. Two chunks alternate, so one is on its way to disk while the other fills; the unaligned
/// tail is written padded at the end and the file cut to its true length before the fsync.
/// </summary>
internal sealed class DirectFileStream : DurableFileStream
{
    /// <summary>Offsets, lengths and buffer addresses of direct I/O must be multiples of the logical block size;
    /// 4096 covers every common device.</summary>
    private const int Alignment = 4096;

    internal const int ChunkBytes = 2 * 1024 * 1024;

    private const int WriteOnly = 0x1;
    private const int CreateFlag = 0x40;
    private const int Truncate = 0x200;
    private const int CloseOnExec = 0x80000;

    private readonly SafeFileHandle _handle;
    private readonly Memory<byte>[] _chunks;
    private int _current;
    private int _fill;

    /// <summary>File offset of the chunk being filled.</summary>
    private long _offset;

    private Task _inFlight = Task.CompletedTask;
    private bool _finished;

    private DirectFileStream(SafeFileHandle handle, Memory<byte>[] chunks)
    {
        _handle = handle;
        _chunks = chunks;
    }

    /// <summary>
    /// Creates (or truncates) <paramref name="path"/> for direct I/O; null when this platform or the file system
    /// does not do it (tmpfs, some network file systems), so that the caller opens an ordinary file instead.
    /// </summary>
    public static DirectFileStream? TryCreate(string path)
    {
        var direct = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x4000,
            Architecture.Arm64 => 0x10000,
            _ => 0,
        };
        if (!OperatingSystem.IsLinux() || direct == 0)
        {
            return null;
        }

        var fd = PosixFile.Open(path, WriteOnly | CreateFlag | Truncate | CloseOnExec | direct, Convert.ToInt32("600", 8));
        if (fd < 0)
        {
            return null;
        }

        // O_TRUNC keeps the mode of a leftover file of this name: set it.
        PrivateFiles.Restrict(path);

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var chunks = new[] { AlignedChunk(), AlignedChunk() };
        try
        {
            // Some file systems accept O_DIRECT at open and refuse the first write: find out before any data.
            chunks[0].Span[..Alignment].Clear();
            RandomAccess.Write(handle, chunks[0].Span[..Alignment], 0);
        }
        catch (IOException)
        {
            handle.Dispose();
            return null;
        }

        return new DirectFileStream(handle, chunks);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var copied = Append(buffer);
            buffer = buffer[copied..];
            if (_fill == ChunkBytes)
            {
                _inFlight.GetAwaiter().GetResult();
                Submit();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var copied = Append(buffer.Span);
            buffer = buffer[copied..];
            if (_fill == ChunkBytes)
            {
                await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                Submit();
            }
        }
    }

    /// <summary>Waits for the chunk on its way to disk; the partly filled one is written by <see cref="FlushToDisk"/>.</summary>
    public override void Flush() => _inFlight.GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inFlight.WaitAsync(cancellationToken);

    public override void FlushToDisk(bool sync = true)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _inFlight.GetAwaiter().GetResult();
        var length = _offset + _fill;
        if (_fill > 0)
        {
            var padded = (_fill + Alignment - 1) / Alignment * Alignment;
            var chunk = _chunks[_current].Span;
            chunk[_fill..padded].Clear();
            RandomAccess.Write(_handle, chunk[..padded], _offset);
        }

        // The handle is ours and open until Dispose.
        var fd = (int)_handle.DangerousGetHandle();
        if (PosixFile.Ftruncate(fd, length) != 0)
        {
            throw new IOException($"cannot set the backup file's length (errno {Marshal.GetLastPInvokeError()})");
        }

        if (sync && PosixFile.Fsync(fd) != 0)
        {
            throw new IOException($"fsync of the backup file failed (errno {Marshal.GetLastPInvokeError()})");
        }

        _finished = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _inFlight.GetAwaiter().GetResult();
            }
            catch (IOException)
            {
                // The dump has already failed on this error (or is failing): only the handle is left to close.
            }
            finally
            {
                _handle.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _inFlight.ConfigureAwait(false);
        }
        catch (IOException)
        {
        }

        _handle.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Append(ReadOnlySpan<byte> source)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var count = Math.Min(source.Length, ChunkBytes - _fill);
        source[..count].CopyTo(_chunks[_current].Span[_fill..]);
        _fill += count;
        return count;
    }

    /// <summary>Sends the full current chunk to disk in the background and starts filling the other one.</summary>
    private void Submit()
    {
        var chunk = _chunks[_current];
        var offset = _offset;
        _inFlight = Task.Run(() => RandomAccess.Write(_handle, chunk.Span, offset));
        _offset += ChunkBytes;
        _current ^= 1;
        _fill = 0;
    }

    private static Memory<byte> AlignedChunk()
    {
        // The pinned heap never moves an array, so an aligned start found once stays aligned.
        var array = GC.AllocateUninitializedArray<byte>(ChunkBytes + Alignment, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0).ToInt64();
        var skip = (int)((Alignment - (address % Alignment)) % Alignment);
        return array.AsMemory(skip, ChunkBytes);
    }
}
