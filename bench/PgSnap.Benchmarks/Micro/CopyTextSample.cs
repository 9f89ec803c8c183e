using System.Text;

namespace PgSnap.Benchmarks.Micro;

/// <summary>Synthetic COPY text shaped like the agent_calls table (uuid, timestamptz, jsonb, long text).</summary>
internal static class CopyTextSample
{
    public static byte[] Create(int bytes)
    {
        var sb = new StringBuilder(bytes + 4096);
        var random = new Random(42);
        var i = 0;
        while (sb.Length < bytes)
        {
            sb.Append(Guid.NewGuid()).Append('\t')
              .Append("2026-11-25 10:").Append((i % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append(":00+00\t")
              .Append("{\"call\": ").Append(i).Append(", \"agent\": \"agent-").Append(random.Next(100)).Append("\", \"ok\": true}\t")
              .Append("Hello, this is the transcript of call ").Append(i).Append(". ")
              .Append(string.Join(' ', Enumerable.Range(0, 20 + random.Next(40)).Select(w => "word" + random.Next(500))))
              .Append('\n');
            i++;
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
