namespace PgSnap.Model;

/// <summary>The three sections of a dump, in the order they are written and restored.</summary>
public enum DumpSection
{
    PreData = 0,
    Data = 1,
    PostData = 2,
}
