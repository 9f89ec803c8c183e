using PgSnap.Connection;

namespace PgSnap.Drill;

/// <summary>What <c>pgsnap drill</c> was asked to do.</summary>
public sealed record DrillOptions
{
    /// <summary>The PgSnap archive to prove restorable (a seekable file: the drill reads its manifest).</summary>
    public required string ArchivePath { get; init; }

    /// <summary>--scratch-url: the server to restore on; its database is where the scratch database is created from.</summary>
    public required ConnectionSpec ScratchServer { get; init; }

    /// <summary>--use-database: restore into the URL's own database, which must be empty, instead of creating one.</summary>
    public bool UseDatabase { get; init; }

    /// <summary>--against: also compare the restored tables' row counts with this live database.</summary>
    public ConnectionSpec? Against { get; init; }

    /// <summary>The restore leaves owners alone (--no-owner): owners are not compared with --against.</summary>
    public bool IgnoreOwners { get; init; }

    /// <summary>The restore leaves privileges out (--no-acl): privileges are not compared with --against.</summary>
    public bool IgnoreAcls { get; init; }

    /// <summary>--keep: leave the scratch database in place for inspection.</summary>
    public bool Keep { get; init; }

    /// <summary>-j: connections of the restore into the scratch database.</summary>
    public int Jobs { get; init; } = 1;
}
