using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Archive.Reading;

namespace PgSnap.Drill;

/// <summary>
/// Reads the values an archive sets its sequences to, from its SEQUENCE SET blocks
/// (<c>SELECT pg_catalog.setval('schema.name', value, is_called);</c>, as Catalog/RelationReader writes them).
/// Those blocks are a few lines each; a block larger than <see cref="MaxBlockBytes"/> is not a SEQUENCE SET block
/// we wrote and is skipped.
/// </summary>
internal static partial class SequenceSetReader
{
    private const int MaxBlockBytes = 1 << 20;

    /// <summary>An expected sequence value: the literal-decoded qualified name and its last value (null if not called).</summary>
    public sealed record ExpectedSequence(string QualifiedName, long? LastValue);

    public static async Task<List<ExpectedSequence>> ReadAsync(ArchiveIndex index, CancellationToken ct)
    {
        var result = new List<ExpectedSequence>();
        foreach (var block in index.Manifest.Blocks)
        {
            if (block.Kind != "SEQUENCE SET" || block.RawLength > MaxBlockBytes)
            {
                continue;
            }

            string text;
            await using (var stream = index.OpenBlock(block))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            }

            foreach (Match m in SetvalPattern().Matches(text))
            {
                var name = m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
                var value = long.Parse(m.Groups[2].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                result.Add(new ExpectedSequence(name, m.Groups[3].Value == "true" ? value : null));
            }
        }

        return result;
    }

    [GeneratedRegex(@"^SELECT pg_catalog\.setval\('((?:[^']|'')*)', (-?[0-9]+), (true|false)\);$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SetvalPattern();
}
