using System.Text;

namespace PgSnap.Connection;

/// <summary>
/// SASLprep (RFC 4013), the password preparation of SCRAM, as PostgreSQL applies it on both sides: the server
/// prepares a password when it stores its SCRAM verifier, so a client that sends the raw bytes of a password that
/// preparation changes (a soft hyphen, a ligature, a full-width letter, a non-ASCII space) is refused. A password that
/// cannot be prepared (it holds a prohibited character or breaks the bidi rule) is used as it is, as the server and
/// libpq both do; so is any ASCII-only password, which preparation never changes in a way the server would not.
/// </summary>
/// <remarks>
/// Our own NFKC over generated tables (<see cref="SaslPrepTables"/>, scripts/saslprep-tables.py): the binary runs
/// with invariant globalization, where <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text alone.
/// </remarks>
internal static class SaslPrep
{
    private const int HangulBase = 0xAC00, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int LeadCount = 19, VowelCount = 21, TrailCount = 28;
    private const int HangulCount = LeadCount * VowelCount * TrailCount, VowelTrailCount = VowelCount * TrailCount;

    /// <summary>The bytes SCRAM hashes for <paramref name="password"/>: its prepared form in UTF-8, or its raw UTF-8.</summary>
    public static byte[] PasswordBytes(string password) => Encoding.UTF8.GetBytes(Prepare(password) ?? password);

    /// <summary>The prepared password, or null when it cannot be prepared (prohibited character, bidi rule).</summary>
    public static string? Prepare(string password)
    {
        if (IsAscii(password))
        {
            return password;
        }

        var mapped = new List<int>(password.Length);
        for (var i = 0; i < password.Length; i += char.IsSurrogatePair(password, i) ? 2 : 1)
        {
            if (char.IsSurrogate(password[i]) && !char.IsSurrogatePair(password, i))
            {
                return null;
            }

            var cp = char.ConvertToUtf32(password, i);
            if (InRanges(SaslPrepTables.NonAsciiSpaces, cp))
            {
                mapped.Add(' ');
            }
            else if (!InRanges(SaslPrepTables.MappedToNothing, cp))
            {
                mapped.Add(cp);
            }
        }

        var normal = Nfkc(mapped);
        if (normal.Exists(static cp => InRanges(SaslPrepTables.Prohibited, cp)) || !PassesBidiRule(normal))
        {
            return null;
        }

        var sb = new StringBuilder(normal.Count);
        foreach (var cp in normal)
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3454 section 6: right-to-left text may not mix with left-to-right, and must start and end right-to-left.</summary>
    private static bool PassesBidiRule(List<int> text)
    {
        if (!text.Exists(static cp => InRanges(SaslPrepTables.RandALCat, cp)))
        {
            return true;
        }

        return !text.Exists(static cp => InRanges(SaslPrepTables.LCat, cp))
            && InRanges(SaslPrepTables.RandALCat, text[0])
            && InRanges(SaslPrepTables.RandALCat, text[^1]);
    }

    /// <summary>Normalization form KC: full compatibility decomposition, canonical order, canonical composition.</summary>
    internal static List<int> Nfkc(IEnumerable<int> codePoints)
    {
        var decomposed = new List<int>();
        foreach (var cp in codePoints)
        {
            Decompose(cp, decomposed);
        }

        OrderCanonically(decomposed);
        return Compose(decomposed);
    }

    private static void Decompose(int cp, List<int> into)
    {
        var s = cp - HangulBase;
        if (s is >= 0 and < HangulCount)
        {
            into.Add(LeadBase + (s / VowelTrailCount));
            into.Add(VowelBase + (s % VowelTrailCount / TrailCount));
            if (s % TrailCount != 0)
            {
                into.Add(TrailBase + (s % TrailCount));
            }

            return;
        }

        var at = SaslPrepTables.DecompositionKeys.BinarySearch(cp);
        if (at < 0)
        {
            into.Add(cp);
            return;
        }

        // The table holds full decompositions, so one lookup is enough.
        var data = SaslPrepTables.DecompositionData;
        for (var i = SaslPrepTables.DecompositionOffsets[at]; i < SaslPrepTables.DecompositionOffsets[at + 1]; i++)
        {
            into.Add(data[i]);
        }
    }

    /// <summary>Sorts each run of combining marks by combining class, keeping equal classes in their order (stable).</summary>
    private static void OrderCanonically(List<int> text)
    {
        for (var i = 1; i < text.Count; i++)
        {
            var cp = text[i];
            var ccc = CombiningClass(cp);
            if (ccc == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && CombiningClass(text[j - 1]) > ccc)
            {
                text[j] = text[j - 1];
                j--;
            }

            text[j] = cp;
        }
    }

    private static List<int> Compose(List<int> text)
    {
        var result = new List<int>(text.Count);
        var starter = -1;
        var lastClass = -1;
        foreach (var cp in text)
        {
            var ccc = CombiningClass(cp);
            // A character composes with the last starter unless something of its class or higher (or a starter) sits between
            // them: lastClass is -1 when nothing does.
            if (starter >= 0 && lastClass < ccc && TryCompose(result[starter], cp, out var composite))
            {
                result[starter] = composite;
                continue;
            }

            if (ccc == 0)
            {
                starter = result.Count;
                lastClass = -1;
            }
            else
            {
                lastClass = ccc;
            }

            result.Add(cp);
        }

        return result;
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        int l = first - LeadBase, v = second - VowelBase;
        if (l is >= 0 and < LeadCount && v is >= 0 and < VowelCount)
        {
            composite = HangulBase + (((l * VowelCount) + v) * TrailCount);
            return true;
        }

        int s = first - HangulBase, t = second - TrailBase;
        if (s is >= 0 and < HangulCount && s % TrailCount == 0 && t is > 0 and < TrailCount)
        {
            composite = first + t;
            return true;
        }

        var pairs = SaslPrepTables.CompositionPairs;
        int lo = 0, hi = (pairs.Length / 3) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var order = pairs[mid * 3] != first ? pairs[mid * 3].CompareTo(first) : pairs[(mid * 3) + 1].CompareTo(second);
            if (order == 0)
            {
                composite = pairs[(mid * 3) + 2];
                return true;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        composite = 0;
        return false;
    }

    private static int CombiningClass(int cp)
    {
        var at = SaslPrepTables.CombiningClassKeys.BinarySearch(cp);
        return at < 0 ? 0 : SaslPrepTables.CombiningClassValues[at];
    }

    private static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        int lo = 0, hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (cp < ranges[mid * 2])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[(mid * 2) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
