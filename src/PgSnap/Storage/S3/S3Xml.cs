using System.Xml.Linq;

namespace PgSnap.Storage.S3;

/// <summary>S3's XML answers, read with System.Xml.Linq by local name (no serializer, no reflection: Native-AOT clean).</summary>
internal static class S3Xml
{
    /// <summary>The text of <paramref name="parent"/>'s first child named <paramref name="localName"/>, whatever its namespace; null when absent.</summary>
    public static string? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
