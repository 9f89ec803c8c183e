namespace PgSnap.Data.Wire;

/// <summary>One backend message: its type byte and its payload (valid until the reader's next call).</summary>
internal readonly record struct BackendMessage(byte Code, ReadOnlyMemory<byte> Payload);
