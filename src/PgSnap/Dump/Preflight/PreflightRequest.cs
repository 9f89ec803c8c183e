using PgSnap.Archive;
using PgSnap.Dump;

namespace PgSnap.Dump.Preflight;

/// <summary>What a dump is about to do, as far as its preconditions are concerned.</summary>
public sealed record PreflightRequest
{
    /// <summary>The dump's selection and mode (which tables, sequences and large objects will be read).</summary>
    public required DumpOptions Options { get; init; }

    /// <summary>The folder the archive will be written to; null when the dump goes to stdout (no folder checks).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The compression of the archive, for the size estimate.</summary>
    public ArchiveCompression Compression { get; init; } = ArchiveCompression.None;

    /// <summary>--force: a disk-space refusal becomes a warning. Privilege and folder problems still block.</summary>
    public bool Force { get; init; }

    /// <summary>--allow-unknown-server: a server major PgSnap does not know is a warning, not a refusal (see <see cref="ServerVersionPolicy"/>).</summary>
    public bool AllowUnknownServer { get; init; }

    /// <summary>Where the free space comes from; the real filesystem by default.</summary>
    public IFreeSpaceProbe FreeSpace { get; init; } = FileSystemFreeSpaceProbe.Instance;
}
