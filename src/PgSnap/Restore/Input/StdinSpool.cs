namespace PgSnap.Restore.Input;

/// <summary>
/// Copies stdin, as it arrives (still compressed, if it is), into a temporary file so that a restore from a pipe
/// gets the same guarantees as one from a file: forbidden meta-commands and missing roles are refused before
/// anything runs, and a complete PgSnap archive can be restored with -j N or --clean. Memory stays at one copy
/// buffer; disk use is the size of the stream. The file lives in the temp folder (TMPDIR) and is deleted on
/// dispose.
/// </summary>
internal sealed class StdinSpool : IAsyncDisposable
{
    private StdinSpool(string path) => Path = path;

    /// <summary>The spooled copy.</summary>
    public string Path { get; }

    /// <summary>Reads <paramref name="stdin"/> to its end into a new temporary file.</summary>
    public static async Task<StdinSpool> CreateAsync(Stream stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pgsnap-stdin-{Environment.ProcessId}-{Guid.NewGuid():N}.spool");
        var spool = new StdinSpool(path);
        try
        {
            // The stream may hold a whole database: readable by its owner only, like a dump file.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = Archive.Writing.PrivateFiles.FileMode;
            }

            await using var file = new FileStream(path, options);
            await stdin.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw new PgSnapException(PgSnapErrorKind.Failure,
                $"cannot spool stdin to {System.IO.Path.GetTempPath()} ({ex.Message}): free some space, point TMPDIR elsewhere, or restore from a file");
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return spool;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Already gone, or the temp folder went away; nothing to keep.
        }

        return ValueTask.CompletedTask;
    }
}
