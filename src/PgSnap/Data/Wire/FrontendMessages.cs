using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PgSnap.Data.Wire;

/// <summary>
/// Encodes the frontend messages this client sends. None of them is on the hot path (the COPY pump only
/// reads), so each is built into a fresh small array.
/// </summary>
internal static class FrontendMessages
{
    /// <summary>Protocol 3.0: the major version in the high 16 bits.</summary>
    private const int ProtocolVersion3 = 3 << 16;
    private const int SslRequestCode = (1234 << 16) | 5679;
    private const int CancelRequestCode = (1234 << 16) | 5678;

    public static byte[] SslRequest()
    {
        var message = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(message, 8);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), SslRequestCode);
        return message;
    }

    public static byte[] CancelRequest(int processId, int secretKey)
    {
        var message = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(message, 16);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), CancelRequestCode);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(8), processId);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(12), secretKey);
        return message;
    }

    /// <summary>The StartupMessage: protocol version, then name/value pairs, then an empty name.</summary>
    public static byte[] Startup(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var body = new ArrayBufferWriter<byte>(256);
        WriteInt32(body, ProtocolVersion3);
        foreach (var (name, value) in parameters)
        {
            WriteCString(body, name);
            WriteCString(body, value);
        }

        body.GetSpan(1)[0] = 0;
        body.Advance(1);
        var message = new byte[4 + body.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        body.WrittenSpan.CopyTo(message.AsSpan(4));
        return message;
    }

    /// <summary>Query ('Q'): one SQL string for the simple query protocol.</summary>
    public static byte[] Query(string sql)
    {
        var sqlLength = Encoding.UTF8.GetByteCount(sql);
        var message = Begin((byte)'Q', sqlLength + 1);
        Encoding.UTF8.GetBytes(sql, message.AsSpan(5));
        return message;
    }

    /// <summary>PasswordMessage ('p') with a NUL-terminated string: cleartext or MD5 response.</summary>
    public static byte[] Password(ReadOnlySpan<byte> passwordOrHash)
    {
        var message = Begin((byte)'p', passwordOrHash.Length + 1);
        passwordOrHash.CopyTo(message.AsSpan(5));
        return message;
    }

    /// <summary>SASLInitialResponse ('p'): the chosen mechanism and the client-first message.</summary>
    public static byte[] SaslInitialResponse(string mechanism, ReadOnlySpan<byte> data)
    {
        var mechanismLength = Encoding.ASCII.GetByteCount(mechanism);
        var message = Begin((byte)'p', mechanismLength + 1 + 4 + data.Length);
        var span = message.AsSpan(5);
        Encoding.ASCII.GetBytes(mechanism, span);
        span = span[(mechanismLength + 1)..];
        BinaryPrimitives.WriteInt32BigEndian(span, data.Length);
        data.CopyTo(span[4..]);
        return message;
    }

    /// <summary>SASLResponse ('p'): the client-final message.</summary>
    public static byte[] SaslResponse(ReadOnlySpan<byte> data)
    {
        var message = Begin((byte)'p', data.Length);
        data.CopyTo(message.AsSpan(5));
        return message;
    }

    /// <summary>CopyFail ('f'): refuses a COPY FROM STDIN the caller did not ask for.</summary>
    public static byte[] CopyFail(string reason)
    {
        var length = Encoding.UTF8.GetByteCount(reason);
        var message = Begin((byte)'f', length + 1);
        Encoding.UTF8.GetBytes(reason, message.AsSpan(5));
        return message;
    }

    public static byte[] Terminate() => Begin((byte)'X', 0);

    /// <summary>A zeroed message with its type byte and length filled in; the caller writes the payload at offset 5.</summary>
    private static byte[] Begin(byte code, int payloadLength)
    {
        var message = new byte[5 + payloadLength];
        message[0] = code;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + payloadLength);
        return message;
    }

    private static void WriteInt32(ArrayBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    private static void WriteCString(ArrayBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(length + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[length] = 0;
        writer.Advance(length + 1);
    }
}
