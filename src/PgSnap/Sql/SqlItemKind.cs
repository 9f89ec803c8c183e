namespace PgSnap.Sql;

/// <summary>What <see cref="SqlScriptSplitter.ReadAsync"/> found next in a SQL script.</summary>
public enum SqlItemKind
{
    /// <summary>End of input.</summary>
    End,

    /// <summary>One complete SQL statement (with its terminating semicolon when it had one).</summary>
    Statement,

    /// <summary>A chunk of COPY rows (complete lines, except when one row is longer than a buffer).</summary>
    CopyData,

    /// <summary>The <c>\.</c> line that ends COPY rows.</summary>
    CopyEnd,

    /// <summary>A psql backslash command line, e.g. <c>\connect app</c>.</summary>
    MetaCommand,

    /// <summary>
    /// A structural comment line between statements: <c>-- pgsnap:…</c> (block marker, manifest, footer) or
    /// pg_dump's <c>-- Name: …; Type: …</c> / <c>-- PostgreSQL database dump…</c> lines.
    /// </summary>
    Marker,
}
