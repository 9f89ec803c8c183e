namespace PgSnap.Model;

/// <summary>
/// One object's SQL, ready to be written as one archive block: the unit of the table of contents.
/// </summary>
/// <param name="Section">Where the block goes.</param>
/// <param name="Kind">pg_dump's TOC descriptor, e.g. "TABLE", "INDEX", "FK CONSTRAINT", "SEQUENCE SET".</param>
/// <param name="Schema">The object's schema, or null for global objects (schemas, extensions, casts…).</param>
/// <param name="Name">The object's name as the TOC shows it (for a constraint: "table constraint").</param>
/// <param name="Owner">Owning role, or null.</param>
/// <param name="Sql">Complete statements, each ending with ";\n". Already honours no-owner/no-acl/clean options.</param>
/// <param name="Table">For an object that hangs off one table (index, constraint, trigger…): its name, in <paramref name="Schema"/>.</param>
public sealed record DdlEntry(DumpSection Section, string Kind, string? Schema, string Name, string? Owner, string Sql, string? Table = null);
