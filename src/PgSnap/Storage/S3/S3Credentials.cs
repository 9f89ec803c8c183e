namespace PgSnap.Storage.S3;

/// <summary>
/// The keys S3 requests are signed with. The secret and the session token never leave this record except into the
/// signer: <see cref="ToString"/> names the access key id only, so a credentials value that ends up in a log or an
/// exception message does not leak them.
/// </summary>
public sealed record S3Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() =>
        $"S3Credentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = (redacted){(SessionToken is null ? "" : ", SessionToken = (redacted)")} }}";
}
