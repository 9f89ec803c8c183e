namespace PgSnap.Restore.Input;

/// <summary>One object an archive creates, as its marker line or pg_dump's "-- Name: …; Type: …" comment names it.</summary>
public sealed record TocEntry(string Kind, string? Schema, string Name);
