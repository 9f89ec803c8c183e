using System.Text;
using PgSnap.Sql;

namespace PgSnap.Tests.Restore;

/// <summary>Runs the splitter over text and records what it hands out, as (kind, text, line) triples.</summary>
internal static class SplitterHarness
{
    public sealed record Item(SqlItemKind Kind, string Text, long Line);

    /// <summary>Splits <paramref name="sql"/>; with <paramref name="trickle"/> the input arrives a few bytes per read.</summary>
    public static async Task<List<Item>> SplitAsync(string sql, bool trickle = false, int bufferSize = 1024)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        Stream input = trickle ? new TrickleStream(bytes, seed: bytes.Length) : new MemoryStream(bytes);
        using var splitter = new SqlScriptSplitter(input, "test.sql", bufferSize);
        var items = new List<Item>();
        var copy = new StringBuilder();
        while (true)
        {
            var kind = await splitter.ReadAsync();
            switch (kind)
            {
                case SqlItemKind.End:
                    return items;
                case SqlItemKind.CopyData:
                    copy.Append(Encoding.UTF8.GetString(splitter.Current.Span));
                    break;
                case SqlItemKind.CopyEnd:
                    items.Add(new Item(SqlItemKind.CopyData, copy.ToString(), splitter.Line));
                    copy.Clear();
                    break;
                default:
                    items.Add(new Item(kind, Encoding.UTF8.GetString(splitter.Current.Span), splitter.Line));
                    break;
            }
        }
    }

    /// <summary>Returns 1–7 bytes per read so every lookahead meets a buffer boundary somewhere.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _pos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _pos;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, _random.Next(1, 8)), data.Length - _pos);
            data.AsSpan(_pos, n).CopyTo(buffer);
            _pos += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
