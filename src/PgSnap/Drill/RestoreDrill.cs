using Npgsql;
using PgSnap.Archive.Reading;
using PgSnap.Connection;
using PgSnap.Restore;

namespace PgSnap.Drill;

/// <summary>
/// The runbook's "restore it on staging before trusting it" as one operation (docs/ARCHITECTURE.md, "drill"): check the archive whole
/// (footer, manifest, every block's checksum), restore it into a scratch database with the restore engine, compare
/// every table's row count and every sequence's value with the manifest (and the row counts with a live source),
/// drop the scratch database, and record the verdict beside the archive as <c>ARCHIVE.drill.json</c>.
/// </summary>
/// <remarks>
/// A problem with the archive (incomplete, corrupt, fails to restore, counts differ) is a failed drill and is
/// recorded. A problem that says nothing about the archive (the scratch server cannot be reached, the scratch
/// database cannot be created) throws instead and leaves any earlier record untouched.
/// </remarks>
public sealed class RestoreDrill
{
    private readonly ArchiveRestorer _restorer;

    public RestoreDrill(ArchiveRestorer restorer)
    {
        ArgumentNullException.ThrowIfNull(restorer);
        _restorer = restorer;
    }

    /// <summary>
    /// The restore engine as a drill's restorer: a restore of the archive file into the empty scratch database with
    /// <paramref name="options"/> (e.g. --no-owner / --no-acl when the scratch server lacks the archive's roles, -j).
    /// </summary>
    public static ArchiveRestorer EngineRestorer(RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return async (archive, target, ct) =>
            await RestoreEngine.RunAsync(archive, static () => Stream.Null, target, options, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the drill, writes the sidecar and returns the report.</summary>
    public async Task<DrillReport> RunAsync(DrillOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Storage.S3.S3Location.IsS3(options.ArchivePath) && !File.Exists(options.ArchivePath))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"{options.ArchivePath}: no such file (a drill needs an archive file, not stdin)");
        }

        var report = new DrillReport
        {
            Archive = Path.GetFileName(options.ArchivePath),
            StartedUtc = DateTimeOffset.UtcNow,
            Against = options.Against?.Describe(),
        };
        report = await DrillAsync(options, report, cancellationToken).ConfigureAwait(false);
        report = report with { FinishedUtc = DateTimeOffset.UtcNow };
        await DrillReportFile.WriteAsync(options.ArchivePath, report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<DrillReport> DrillAsync(DrillOptions options, DrillReport report, CancellationToken ct)
    {
        ArchiveIndex? index;
        try
        {
            index = await ArchiveIndex.TryOpenAsync(options.ArchivePath, ct).ConfigureAwait(false);
        }
        catch (PgSnapException ex)
        {
            return Failed(report, PgSnapErrorKind.Corrupt, ex.Message);
        }

        if (index is null)
        {
            return Failed(report, PgSnapErrorKind.Corrupt, $"{report.Archive} is not a complete PgSnap archive (no completion marker at its end): it cannot be trusted");
        }

        using (index)
        {
            // The verify engine's block scan: every block decompresses to its recorded length and XXH64.
            if (await Verify.BlockChecksumScan.FindFirstBadAsync(index, ct).ConfigureAwait(false) is { } bad)
            {
                return Failed(report, PgSnapErrorKind.Corrupt, $"{bad.Describe()} {bad.Problem}");
            }

            var sequences = await SequenceSetReader.ReadAsync(index, ct).ConfigureAwait(false);
            var scratch = options.UseDatabase
                ? await ScratchDatabase.UseExistingAsync(options.ScratchServer, ct).ConfigureAwait(false)
                : await ScratchDatabase.CreateAsync(options.ScratchServer, report.StartedUtc, ct).ConfigureAwait(false);
            report = report with { ScratchDatabase = scratch.Name, ScratchKept = options.Keep || !scratch.Created };
            try
            {
                try
                {
                    await _restorer(options.ArchivePath, scratch.Spec, ct).ConfigureAwait(false);
                }
                catch (PgSnapException ex) when (ex.Kind != PgSnapErrorKind.Connection)
                {
                    return Failed(report, ex.Kind == PgSnapErrorKind.Corrupt ? PgSnapErrorKind.Corrupt : PgSnapErrorKind.RestoreFailed, "the restore failed: " + ex.Message);
                }

                return await CompareAsync(options, report, index, sequences, scratch.Spec, ct).ConfigureAwait(false);
            }
            finally
            {
                if (!options.Keep)
                {
                    await scratch.DropAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<DrillReport> CompareAsync(
        DrillOptions options, DrillReport report, ArchiveIndex index, List<SequenceSetReader.ExpectedSequence> sequences, ConnectionSpec scratch, CancellationToken ct)
    {
        var errors = new List<string>();
        var expected = new Dictionary<(string Schema, string Name), long?>();
        foreach (var block in index.Manifest.Blocks)
        {
            if (block.Kind == "TABLE" && block.Schema is not null && block.Name is not null)
            {
                expected.TryAdd((block.Schema, block.Name), null);
            }
        }

        foreach (var table in index.Manifest.Tables)
        {
            expected[(table.Schema, table.Name)] = table.Rows;
        }

        var names = expected.Keys.OrderBy(k => k.Schema, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal).ToList();
        var actual = await RowCounter.CountAsync(scratch, names, ct).ConfigureAwait(false);
        var source = options.Against is null ? null : await RowCounter.CountAsync(options.Against, names, ct).ConfigureAwait(false);
        var tables = new List<DrillTableResult>();
        foreach (var key in names)
        {
            var want = expected[key];
            var got = actual[key];
            long? live = source?[key];
            var ok = got is not null && (want is null || want == got);
            var label = $"{key.Schema}.{key.Name}";
            if (got is null)
            {
                errors.Add($"table {label} is missing after the restore");
            }
            else if (want is not null && want != got)
            {
                errors.Add($"table {label} has {got} rows after the restore; the archive's manifest says {want}");
            }

            if (source is not null)
            {
                if (live is null)
                {
                    ok = false;
                    errors.Add($"table {label} is not in the live source {options.Against!.Describe()}");
                }
                else if (got is not null && live != got)
                {
                    ok = false;
                    errors.Add($"table {label} has {got} rows after the restore; the live source has {live}");
                }
            }

            tables.Add(new DrillTableResult { Schema = key.Schema, Name = key.Name, ExpectedRows = want, ActualRows = got, SourceRows = live, Ok = ok });
        }

        var sequenceResults = await CompareSequencesAsync(scratch, sequences, errors, ct).ConfigureAwait(false);
        int? objectsCompared = null;
        if (options.Against is not null)
        {
            objectsCompared = await CompareObjectsAsync(options, index, scratch, errors, ct).ConfigureAwait(false);
        }

        return report with
        {
            ObjectsCompared = objectsCompared,
            Passed = errors.Count == 0,
            Tables = tables,
            Sequences = sequenceResults,
            SequencesOk = sequenceResults.All(s => s.Ok),
            Errors = errors,
            FailureKind = errors.Count == 0 ? null : PgSnapErrorKind.Failure,
        };
    }

    /// <summary>
    /// The live source's objects (as a dump with the archive's options selects them) against the restored copy's,
    /// by identity, definition, owner, privileges and comment; owners and privileges only when the restore wrote them.
    /// </summary>
    private static async Task<int> CompareObjectsAsync(DrillOptions options, ArchiveIndex index, ConnectionSpec scratch, List<string> errors, CancellationToken ct)
    {
        var header = await Verify.TableOfContentsReader.ReadHeaderAsync(index, ct).ConfigureAwait(false);
        var dumpOptions = Dump.DumpHeaderOptions.ToOptions(header?.Options ?? new Dictionary<string, string>());
        var live = await ObjectsAsync(options.Against!, dumpOptions, ct).ConfigureAwait(false);
        var restored = await ObjectsAsync(scratch, dumpOptions, ct).ConfigureAwait(false);
        live = [.. live.Select(o => o with { Owner = options.IgnoreOwners ? null : o.Owner, Acl = options.IgnoreAcls ? null : o.Acl })];
        errors.AddRange(Catalog.Coverage.ObjectDiff.Compare(live, restored, "the live source", "the restored copy"));
        return live.Count;
    }

    private static async Task<List<Archive.Manifest.ObjectRecord>> ObjectsAsync(ConnectionSpec spec, Dump.DumpOptions options, CancellationToken ct)
    {
        await using var dataSource = DataSourceFactory.Create(spec, "pgsnap drill");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, spec, ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        return await Catalog.Coverage.CoverageAudit.LiveObjectsAsync(connection, options, ct).ConfigureAwait(false);
    }

    private static async Task<List<DrillSequenceResult>> CompareSequencesAsync(
        ConnectionSpec scratch, List<SequenceSetReader.ExpectedSequence> sequences, List<string> errors, CancellationToken ct)
    {
        var results = new List<DrillSequenceResult>();
        if (sequences.Count == 0)
        {
            return results;
        }

        await using var dataSource = DataSourceFactory.Create(scratch, "pgsnap drill");
        await using var connection = await DataSourceFactory.OpenAsync(dataSource, scratch, ct).ConfigureAwait(false);
        foreach (var sequence in sequences)
        {
            long? value = null;
            var present = true;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_catalog.pg_sequence_last_value(@name::pg_catalog.regclass)", connection);
                command.Parameters.AddWithValue("name", sequence.QualifiedName);
                var raw = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                value = raw is long l ? l : null;
            }
            catch (PostgresException ex) when (ex.SqlState is "42P01" or "3F000" or "42809")
            {
                present = false;
            }

            var ok = present && value == sequence.LastValue;
            if (!present)
            {
                errors.Add($"sequence {sequence.QualifiedName} is missing after the restore");
            }
            else if (!ok)
            {
                errors.Add($"sequence {sequence.QualifiedName} is at {Show(value)} after the restore; the archive sets {Show(sequence.LastValue)}");
            }

            results.Add(new DrillSequenceResult { Name = sequence.QualifiedName, Expected = sequence.LastValue, Actual = value, Ok = ok });
        }

        return results;
    }

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not called";

    private static DrillReport Failed(DrillReport report, PgSnapErrorKind kind, string error) =>
        report with { Passed = false, SequencesOk = false, Errors = [error], FailureKind = kind };
}
