namespace PgSnap.Archive;

/// <summary>
/// The words of the archive format, in one place and spelled as docs/FORMAT.md spells them: the structural comment
/// lines ("Order of blocks", "Marker lines", "Manifest", "Footer"), the sections a block belongs to and the kinds of
/// the blocks PgSnap adds around pg_dump's table-of-contents kinds. Writers and readers (restore, verify, list)
/// take them from here, so a change to the format is a change to this file and to FORMAT.md.
/// </summary>
public static class ArchiveFormat
{
    /// <summary>The format version: the header's <c>"format"</c> and the <c>v1</c> of the first line.</summary>
    public const int Version = 1;

    /// <summary>Every line PgSnap writes for its own structure starts with this.</summary>
    public const string LineStart = "-- pgsnap";

    /// <summary>The start of the marker, header, manifest and footer lines (not of the first line).</summary>
    public const string StructuralLineStart = "-- pgsnap:";

    /// <summary>The first line of every archive (the header block's).</summary>
    public const string FirstLine = "-- pgsnap archive v1";

    /// <summary>The first line without its version: what tells a PgSnap archive of any version from other SQL.</summary>
    public const string FirstLineStem = "-- pgsnap archive";

    /// <summary>The header block's second line: this, then the header JSON.</summary>
    public const string HeaderLinePrefix = "-- pgsnap:header ";

    /// <summary>The first line of every block between the header and the manifest: this, then the block's JSON.</summary>
    public const string BlockLinePrefix = "-- pgsnap:block ";

    /// <summary>The manifest block's one line: this, then the manifest JSON.</summary>
    public const string ManifestLinePrefix = "-- pgsnap:manifest ";

    /// <summary>The footer (completion marker) line, followed by its three <c>key=value</c> fields.</summary>
    public const string FooterLinePrefix = "-- pgsnap:end complete ";

    /// <summary>The start of any footer line, complete or not (a reader recognises a damaged footer by it).</summary>
    public const string FooterLineStart = "-- pgsnap:end";

    /// <summary><see cref="LineStart"/> as UTF-8, for the byte-level readers.</summary>
    public static ReadOnlySpan<byte> LineStartUtf8 => "-- pgsnap"u8;

    /// <summary><see cref="FirstLineStem"/> as UTF-8, for the byte-level readers.</summary>
    public static ReadOnlySpan<byte> FirstLineStemUtf8 => "-- pgsnap archive"u8;

    /// <summary>The <c>section</c> of a block (marker and manifest record).</summary>
    public static class Sections
    {
        public const string Header = "header";
        public const string PreData = "pre-data";
        public const string Data = "data";
        public const string PostData = "post-data";

        /// <summary>The manifest block itself (it has no marker; readers that list blocks name it so).</summary>
        public const string Manifest = "manifest";

        /// <summary>
        /// A --section value (dump and restore, pg_dump's names): pre-data, data or post-data; anything else is a usage error.
        /// </summary>
        public static Model.DumpSection Parse(string name) => name switch
        {
            PreData => Model.DumpSection.PreData,
            Data => Model.DumpSection.Data,
            PostData => Model.DumpSection.PostData,
            _ => throw new PgSnapException(PgSnapErrorKind.Usage, $"unknown --section \"{name}\": use pre-data, data or post-data"),
        };
    }

    /// <summary>The <c>kind</c> of the blocks PgSnap adds; every other kind is pg_dump's TOC descriptor.</summary>
    public static class Kinds
    {
        public const string Header = "HEADER";
        public const string Manifest = "MANIFEST";
        public const string Footer = "FOOTER";

        /// <summary>A block of COPY rows of one table (pg_dump's TOC descriptor).</summary>
        public const string TableData = "TABLE DATA";
    }
}
