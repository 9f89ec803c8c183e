using PgSnap.Archive;
using PgSnap.Retention;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Retention;

[Trait(TestTier.Name, TestTier.Fast)]
public sealed class BackupNameTests
{
    [Fact]
    public void The_runbook_name_parses_with_an_underscored_label()
    {
        Assert.True(BackupName.TryParse("backup_prod_20251120_160000_pre_migration.sql", out var name));
        Assert.Equal(BackupKind.Backup, name.Kind);
        Assert.Equal("prod", name.Env);
        Assert.Equal(new DateTime(2025, 11, 20, 16, 0, 0, DateTimeKind.Utc), name.TimestampUtc);
        Assert.Equal(DateTimeKind.Utc, name.TimestampUtc.Kind);
        Assert.Equal("pre_migration", name.Label);
        Assert.Equal(ArchiveCompression.None, name.Compression);
    }

    [Theory]
    [InlineData("schema_staging_20250101_000000_nightly.sql.gz", BackupKind.Schema, "staging", "nightly", ArchiveCompression.Gzip)]
    [InlineData("data_prod-eu_20251231_235959.sql.lz4", BackupKind.Data, "prod-eu", null, ArchiveCompression.Lz4)]
    [InlineData("backup_prod_20251231_235959_nightly.sql.zst", BackupKind.Backup, "prod", "nightly", ArchiveCompression.Zstd)]
    [InlineData("backup_prod_20251120_160000_pre-restore.sql", BackupKind.Backup, "prod", "pre-restore", ArchiveCompression.None)]
    public void Names_of_every_kind_and_compression_parse_and_format_back(string fileName, BackupKind kind, string env, string? label, ArchiveCompression compression)
    {
        Assert.True(BackupName.TryParse(fileName, out var name));
        Assert.Equal(kind, name.Kind);
        Assert.Equal(env, name.Env);
        Assert.Equal(label, name.Label);
        Assert.Equal(compression, name.Compression);
        Assert.Equal(fileName, name.FileName);
    }

    [Theory]
    [InlineData("backup_prod_20251120_160000_pre_migration.sql.partial")]
    [InlineData("backup_prod_20251320_160000.sql")]
    [InlineData("backup_prod_20251120_250000.sql")]
    [InlineData("backup_prod_2025112_160000.sql")]
    [InlineData("full_prod_20251120_160000.sql")]
    [InlineData("backup_prod_20251120_160000.sql.xz")]
    [InlineData("backup_prod_20251120_160000.dump")]
    [InlineData("backup__20251120_160000.sql")]
    [InlineData("notes.txt")]
    public void Names_outside_the_convention_do_not_parse(string fileName)
    {
        Assert.False(BackupName.TryParse(fileName, out _));
    }

    [Theory]
    [InlineData(false, false, "prod", "pre migration", ".sql.gz", BackupKind.Backup, "pre-migration", ArchiveCompression.Gzip)]
    [InlineData(true, false, "prod_eu", null, ".sql", BackupKind.Schema, null, ArchiveCompression.None)]
    [InlineData(false, true, "staging", "nightly", ".sql.lz4", BackupKind.Data, "nightly", ArchiveCompression.Lz4)]
    [InlineData(false, false, "prod", null, ".sql.zst", BackupKind.Backup, null, ArchiveCompression.Zstd)]
    public void Every_name_the_dump_builds_parses_back_to_the_same_fields(bool schemaOnly, bool dataOnly, string env, string? label, string extension,
        BackupKind kind, string? parsedLabel, ArchiveCompression compression)
    {
        var when = new DateTimeOffset(2025, 11, 20, 17, 0, 1, TimeSpan.FromHours(1)).AddTicks(1234);
        var fileName = BackupName.Create(BackupName.KindOf(schemaOnly, dataOnly), env, when, label, compression).FileName;

        Assert.EndsWith(extension, fileName, StringComparison.Ordinal);
        Assert.True(BackupName.TryParse(fileName, out var name));
        Assert.Equal(kind, name.Kind);
        Assert.Equal(BackupName.Sanitize(env, "env", allowUnderscore: false), name.Env);
        Assert.Equal(new DateTime(2025, 11, 20, 16, 0, 1, DateTimeKind.Utc), name.TimestampUtc);
        Assert.Equal(parsedLabel, name.Label);
        Assert.Equal(compression, name.Compression);
        Assert.Equal(fileName, name.FileName);
    }

    [Theory]
    [InlineData(1, 0, "backup_prod_20251120_170001+0100_pre-migration.sql.gz")]
    [InlineData(-5, 0, "backup_prod_20251120_110001-0500_pre-migration.sql.gz")]
    [InlineData(5, 30, "backup_prod_20251120_213001+0530_pre-migration.sql.gz")]
    [InlineData(0, 0, "backup_prod_20251120_160001+0000_pre-migration.sql.gz")]
    public void A_name_in_local_time_carries_its_offset_and_parses_back_to_the_same_instant(int hours, int minutes, string expected)
    {
        var offset = new TimeSpan(hours, hours < 0 ? -minutes : minutes, 0);
        var when = new DateTimeOffset(2025, 11, 20, 16, 0, 1, TimeSpan.Zero).ToOffset(offset);

        var fileName = BackupName.Create(BackupKind.Backup, "prod", when, "pre-migration", ArchiveCompression.Gzip, inLocalTime: true).FileName;

        Assert.Equal(expected, fileName);
        Assert.True(BackupName.TryParse(fileName, out var name));
        Assert.Equal(new DateTime(2025, 11, 20, 16, 0, 1, DateTimeKind.Utc), name.TimestampUtc);
        Assert.Equal(offset, name.Offset);
        Assert.Equal("pre-migration", name.Label);
        Assert.Equal(fileName, name.FileName);
    }

    [Theory]
    [InlineData("backup_prod_20251120_160000+2400.sql")]
    [InlineData("backup_prod_20251120_160000+0160.sql")]
    [InlineData("backup_prod_20251120_160000+01.sql")]
    public void An_offset_that_is_not_one_does_not_parse(string fileName)
    {
        Assert.False(BackupName.TryParse(fileName, out _));
    }

    [Fact]
    public void Prune_orders_local_and_utc_names_by_the_instant_they_stand_for()
    {
        // 17:30+0100 is 16:30 UTC: older than the UTC name of 16:45, though its text sorts later.
        string[] names = ["backup_prod_20251120_173000+0100.sql.gz", "backup_prod_20251120_164500.sql.gz", "backup_prod_20251120_113000-0500.sql.gz"];
        var files = names.Select(n => new BackupFile("/backups/" + n, BackupName.TryParse(n, out var parsed) ? parsed : null, false, BackupCompletion.PgSnapComplete, DateTime.UtcNow, false, null)).ToList();

        var plan = RetentionPolicy.Plan(files, new RetentionOptions { KeepLast = 1 }, new DateTime(2025, 11, 25, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal("backup_prod_20251120_164500.sql.gz", Assert.Single(plan, d => d.Action == PruneAction.Keep).File.FileName);
        Assert.Equal(2, plan.Count(d => d.Action == PruneAction.Delete));
    }
}
