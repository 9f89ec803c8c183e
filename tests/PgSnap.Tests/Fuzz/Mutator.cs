namespace PgSnap.Tests.Fuzz;

/// <summary>
/// Byte-level mutations of a seed file, drawn from one seeded <see cref="Random"/> so a failing case is reproduced by
/// its seed and index alone: flipped bits, truncation, inserted, deleted, duplicated or overwritten ranges, and pure
/// noise. The mutations that matter most for a block format (a cut, a flipped byte) get the largest share.
/// </summary>
internal static class Mutator
{
    public static (byte[] Bytes, string What) Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        var at = random.Next(Math.Max(1, data.Length));
        switch (random.Next(8))
        {
            case 0:
            case 1:
                var flips = 1 + random.Next(4);
                for (var i = 0; i < flips; i++)
                {
                    var p = random.Next(data.Length);
                    data[p] ^= (byte)(1 << random.Next(8));
                }

                return (data, $"{flips} bit flip(s) from offset {at}");
            case 2:
                return (data[..at], $"truncated at {at}");
            case 3:
                var noise = new byte[1 + random.Next(64)];
                random.NextBytes(noise);
                return ([.. data[..at], .. noise, .. data[at..]], $"{noise.Length} random bytes inserted at {at}");
            case 4:
                var cut = Math.Min(data.Length - at, 1 + random.Next(4096));
                return ([.. data[..at], .. data[(at + cut)..]], $"{cut} bytes deleted at {at}");
            case 5:
                var len = Math.Min(data.Length - at, 1 + random.Next(4096));
                return ([.. data[..(at + len)], .. data[at..]], $"{len} bytes duplicated at {at}");
            case 6:
                var over = Math.Min(data.Length - at, 1 + random.Next(256));
                random.NextBytes(data.AsSpan(at, over));
                return (data, $"{over} bytes overwritten at {at}");
            default:
                var pure = new byte[random.Next(1, 65536)];
                random.NextBytes(pure);
                if (random.Next(2) == 0 && seed.Length >= 2)
                {
                    // Keep the magic so the noise reaches the decompressor, not only the format check.
                    pure[0] = seed[0];
                    pure[1] = seed[1];
                }

                return (pure, $"{pure.Length} random bytes");
        }
    }
}
