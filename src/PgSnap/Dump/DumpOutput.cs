using PgSnap.Archive.Compression;

namespace PgSnap.Dump;

/// <summary>Where a dump goes: a file (written atomically) or a stream such as stdout, and how it is compressed.</summary>
public sealed record DumpOutput
{
    private DumpOutput(string? path, Stream? stream, CompressionSpec compression, bool force)
    {
        Path = path;
        Stream = stream;
        Compression = compression;
        Force = force;
    }

    /// <summary>Final file path (or s3://bucket/key URL of an object), or null for a stream.</summary>
    public string? Path { get; }

    /// <summary>The stream to write to when there is no path. It is flushed, not closed.</summary>
    public Stream? Stream { get; }

    public CompressionSpec Compression { get; }

    /// <summary>Replace an existing file.</summary>
    public bool Force { get; }

    /// <summary>
    /// The file's folder is created (0700, with missing parents) when it does not exist: --output-dir, as the
    /// runbook's <c>mkdir -p dbDump</c> before the first backup. A -f path's folder must exist, as for pg_dump.
    /// </summary>
    public bool CreatesFolder { get; private init; }

    /// <summary>A file; compression from <paramref name="compression"/> or else the file's extension.</summary>
    public static DumpOutput ToFile(string path, CompressionSpec? compression, bool force)
    {
        OutputFileExtension.Check(path);
        return new(path, null, compression ?? CompressionSpec.FromFileName(path), force);
    }

    /// <summary>A file named <paramref name="name"/> in <paramref name="folder"/>, which is created if missing.</summary>
    /// <remarks>A folder named <c>s3://bucket/prefix/</c> is a key prefix: the object is <c>prefix/NAME</c> (nothing to create).</remarks>
    public static DumpOutput InFolder(string folder, string name, CompressionSpec compression, bool force) =>
        Storage.S3.S3Location.IsS3(folder)
            ? ToFile(Storage.S3.S3Location.Parse(folder).Child(name).ToString(), compression, force)
            : ToFile(System.IO.Path.Combine(folder, name), compression, force) with { CreatesFolder = true };

    /// <summary>True when the archive goes to S3-compatible object storage.</summary>
    public bool IsRemote => Storage.S3.S3Location.IsS3(Path);

    /// <summary>A stream (stdout): nothing else may be written to it.</summary>
    public static DumpOutput ToStream(Stream stream, CompressionSpec? compression) =>
        new(null, stream, compression ?? CompressionSpec.None, false);
}
