namespace PgSnap.Model;

/// <summary>
/// One table-of-contents object of a schema dump, with its SQL already written: the unit the dependency
/// sort moves around. Several catalog rows may fold into one object (a view and its _RETURN rule, a table and
/// its inline check constraints); <see cref="Aliases"/> lists them so pg_depend edges find their object.
/// </summary>
internal sealed record DumpObject
{
    public required CatalogId Id { get; init; }

    /// <summary>pg_dump's TOC descriptor ("TABLE", "FK CONSTRAINT"…).</summary>
    public required string Kind { get; init; }

    public required string? Schema { get; init; }

    /// <summary>Name as the TOC shows it; also the tie-breaker of the sort, so equal schemas give equal output.</summary>
    public required string Name { get; init; }

    public string? Owner { get; init; }

    /// <summary>
    /// For an object that hangs off one table (index, constraint, trigger, policy, rule): that table's name, in
    /// <see cref="Schema"/>. Recorded in the manifest so a parallel restore can run it once the table is loaded.
    /// </summary>
    public string? Table { get; init; }

    public required DumpSection Section { get; set; }

    public required SortPriority Priority { get; init; }

    /// <summary>Statements that create the object, followed by its owner, privileges and comments.</summary>
    public required string Sql { get; set; }

    /// <summary>Statements that drop it for --clean, or null when it is not dropped on its own.</summary>
    public string? DropSql { get; init; }

    /// <summary>
    /// For a view: how to create it in two steps (placeholder now, real definition in post-data) when it sits in a
    /// dependency cycle. Null for everything else.
    /// </summary>
    public ViewSplit? Split { get; init; }

    /// <summary>Other catalog rows that are part of this object (pg_depend edges on them land here).</summary>
    public List<CatalogId> Aliases { get; } = [];

    /// <summary>Objects that must be created first, beyond what pg_depend says.</summary>
    public List<CatalogId> DependsOn { get; } = [];

    /// <summary>Oids of the extensions this object's block marks it as depending on (ALTER … DEPENDS ON EXTENSION).</summary>
    public List<uint> ExtensionDependencies { get; } = [];
}

/// <param name="PlaceholderSql">CREATE VIEW … AS SELECT NULL::type AS column…, then owner, privileges and comments.</param>
/// <param name="ReplaceSql">CREATE OR REPLACE VIEW with the real definition (options, check option).</param>
internal sealed record ViewSplit(string PlaceholderSql, string ReplaceSql);
