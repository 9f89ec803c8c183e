using System.Globalization;
using System.Text;
using Npgsql;
using PgSnap.Archive.Writing;

namespace PgSnap.Data;

/// <summary>
/// Writes large objects' content into the data section as pg_dump's plain format does: inside a transaction,
/// <c>lo_open(oid, INV_WRITE)</c>, <c>lowrite</c> of hex bytea chunks, <c>lo_close</c>. The objects themselves
/// (lo_create, owner, ACL, comment) are pre-data metadata from the plan. Content is read in chunks with
/// <c>lo_get</c> on the leader's snapshot; an object bigger than a block continues in the next block after
/// <c>lo_lseek64</c>, so no block grows with an object's size.
/// </summary>
internal static class LargeObjectExporter
{
    public const string Kind = "BLOBS";

    private const int ReadChunk = 256 * 1024;

    public static async Task ExportAsync(NpgsqlConnection connection, ArchiveWriter writer, int blockSize, CancellationToken cancellationToken)
    {
        var oids = new List<uint>();
        await using (var list = new NpgsqlCommand("SELECT oid::pg_catalog.int8 FROM pg_catalog.pg_largeobject_metadata ORDER BY oid", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                oids.Add((uint)reader.GetInt64(0));
            }
        }

        if (oids.Count == 0)
        {
            return;
        }

        var chunk = 0;
        var text = new StringBuilder();
        await using var read = new NpgsqlCommand("SELECT pg_catalog.lo_get($1::pg_catalog.int8::pg_catalog.oid, $2, $3)", connection);
        var oidParameter = new NpgsqlParameter<long>();
        var offsetParameter = new NpgsqlParameter<long>();
        var lengthParameter = new NpgsqlParameter<int> { TypedValue = ReadChunk };
        read.Parameters.Add(oidParameter);
        read.Parameters.Add(offsetParameter);
        read.Parameters.Add(lengthParameter);

        async ValueTask FlushAsync()
        {
            if (text.Length == 0)
            {
                return;
            }

            text.Append("COMMIT;\n");
            var info = new BlockInfo(BlockInfo.DataSection, Kind, null, "BLOBS", null, chunk++);
            await writer.AppendTextBlockAsync(info, "BEGIN;\n\n" + text.ToString(), null, cancellationToken).ConfigureAwait(false);
            text.Clear();
        }

        foreach (var oid in oids)
        {
            var oidText = oid.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"SELECT pg_catalog.lo_open('{oidText}', 131072);\n");
            oidParameter.TypedValue = oid;
            long offset = 0;
            while (true)
            {
                offsetParameter.TypedValue = offset;
                var bytes = (byte[])(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                if (bytes.Length > 0)
                {
                    text.Append("SELECT pg_catalog.lowrite(0, '\\x").Append(Convert.ToHexStringLower(bytes)).Append("');\n");
                    offset += bytes.Length;
                }

                if (bytes.Length < ReadChunk)
                {
                    break;
                }

                if (text.Length >= blockSize / 2)
                {
                    // Continue this object in the next block: reopen it and seek to where this block stops.
                    text.Append("SELECT pg_catalog.lo_close(0);\n\n");
                    await FlushAsync().ConfigureAwait(false);
                    text.Append(CultureInfo.InvariantCulture, $"SELECT pg_catalog.lo_open('{oidText}', 131072);\n");
                    text.Append(CultureInfo.InvariantCulture, $"SELECT pg_catalog.lo_lseek64(0, {offset}, 0);\n");
                }
            }

            text.Append("SELECT pg_catalog.lo_close(0);\n\n");
            if (text.Length >= blockSize / 2)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);
    }
}
