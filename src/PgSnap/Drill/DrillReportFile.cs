using System.Text.Json;

namespace PgSnap.Drill;

/// <summary>
/// The drill's sidecar <c>ARCHIVE.drill.json</c> (<see cref="DrillReport"/> is its shape and path), written by the
/// drill and read by <c>list</c> and <c>prune</c>: both go through here. Written atomically (temp file, fsync,
/// rename), so a reader never sees half a file and an older verdict is replaced only by a complete new one.
/// </summary>
public static class DrillReportFile
{
    /// <summary>Writes <paramref name="report"/> to <c>ARCHIVE.drill.json</c>; returns the sidecar's path.</summary>
    public static async Task<string> WriteAsync(string archivePath, DrillReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        ArgumentNullException.ThrowIfNull(report);
        if (Storage.S3.S3Location.IsS3(archivePath))
        {
            // An object is replaced whole by one PUT: no reader sees half of it either.
            var sidecar = Storage.S3.S3Location.Parse(DrillReport.PathFor(archivePath));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(report, DrillJsonContext.Default.DrillReport);
            await Storage.S3.S3Http.FromEnvironment().PutObjectAsync(sidecar.Bucket, sidecar.Key, bytes, cancellationToken).ConfigureAwait(false);
            return sidecar.ToString();
        }

        var path = DrillReport.PathFor(Path.GetFullPath(archivePath));
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, Archive.Writing.PrivateFiles.CreateOptions(4096, FileOptions.Asynchronous)))
            {
                Archive.Writing.PrivateFiles.Restrict(temp);
                await JsonSerializer.SerializeAsync(stream, report, DrillJsonContext.Default.DrillReport, cancellationToken).ConfigureAwait(false);
                stream.WriteByte((byte)'\n');
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new PgSnapException(PgSnapErrorKind.Failure, $"cannot write the drill record {path}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    /// <summary>
    /// Reads the sidecar of an archive; null when there is none. A sidecar that does not parse, or has no boolean
    /// <c>passed</c>, reads as a failed drill (with the reason in its errors), so it never protects a backup from
    /// prune by mistake.
    /// </summary>
    public static async Task<DrillReport?> TryReadAsync(string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        var path = DrillReport.PathFor(archivePath);
        Stream? remote = null;
        if (Storage.S3.S3Location.IsS3(path))
        {
            var sidecar = Storage.S3.S3Location.Parse(path);
            var client = Storage.S3.S3Http.FromEnvironment();
            if (await client.TryHeadObjectAsync(sidecar.Bucket, sidecar.Key, cancellationToken).ConfigureAwait(false) is not { Size: > 0 } head)
            {
                return null;
            }

            remote = new MemoryStream(await client.GetRangeAsync(sidecar.Bucket, sidecar.Key, 0, head.Size - 1, cancellationToken).ConfigureAwait(false));
        }
        else if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = remote ?? File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, DrillJsonContext.Default.DrillReport, cancellationToken).ConfigureAwait(false)
                ?? Unreadable(archivePath, "it holds no JSON object");
        }
        catch (JsonException ex)
        {
            return Unreadable(archivePath, ex.Message.ReplaceLineEndings(" "));
        }
    }

    private static DrillReport Unreadable(string archivePath, string reason) => new()
    {
        Archive = Path.GetFileName(archivePath),
        Passed = false,
        Errors = [$"the drill record {DrillReport.PathFor(archivePath)} cannot be read: {reason}"],
    };
}
