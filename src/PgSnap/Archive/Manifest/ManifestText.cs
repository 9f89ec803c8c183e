using System.Buffers;
using System.Text;

namespace PgSnap.Archive.Manifest;

/// <summary>
/// The manifest block's text back to its JSON: the block is one or more lines, each <see cref="ArchiveManifest.LinePrefix"/>
/// and a piece of the JSON, and the JSON is the pieces joined with nothing between them (docs/FORMAT.md, "Manifest").
/// Archives written before the manifest was cut into lines hold one line, which this reads the same way.
/// </summary>
public static class ManifestText
{
    /// <summary>The JSON of a manifest block's text; null when a line of it does not start with the prefix.</summary>
    public static byte[]? Join(ReadOnlySpan<byte> block)
    {
        var prefix = Encoding.ASCII.GetBytes(ArchiveManifest.LinePrefix);
        var json = new ArrayBufferWriter<byte>(block.Length);
        foreach (var range in block.Split((byte)'\n'))
        {
            var line = block[range].TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                continue;
            }

            if (!line.StartsWith(prefix))
            {
                return null;
            }

            json.Write(line[prefix.Length..]);
        }

        return json.WrittenSpan.ToArray();
    }
}
