namespace PgSnap.Storage.S3;

/// <summary>A failure worth another attempt (5xx, throttling, a stalled body), caught by the retry loop only.</summary>
internal sealed class S3TransientFailure(string message) : Exception(message);
