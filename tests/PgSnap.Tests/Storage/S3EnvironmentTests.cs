using PgSnap.Storage.S3;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Storage;

/// <summary>Credentials, region, endpoint and addressing read as the AWS CLI reads them (no server needed).</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class S3EnvironmentTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "pgsnap-aws-" + Guid.NewGuid().ToString("N"));

    public S3EnvironmentTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aws"));
        File.WriteAllText(Path.Combine(_home, ".aws", "credentials"), """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            # a comment
            [backup]
            aws_access_key_id=AKIABACKUP
            aws_secret_access_key=backup-secret
            aws_session_token = backup-token
            """);
        File.WriteAllText(Path.Combine(_home, ".aws", "config"), """
            [default]
            region = eu-west-1

            [profile backup]
            region = eu-central-1
            s3 =
              endpoint_url = https://minio.example.net:9000
              addressing_style = path
            max_attempts = 4
            """);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private S3ClientOptions Resolve(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(static v => v.Name, static v => v.Value);
        return S3Environment.Resolve(n => map.GetValueOrDefault(n), _home);
    }

    [Fact]
    public void The_default_profile_gives_keys_and_region_and_AWS_s_endpoint()
    {
        var o = Resolve();
        Assert.Equal("AKIADEFAULT", o.Credentials.AccessKeyId);
        Assert.Equal("default-secret", o.Credentials.SecretAccessKey);
        Assert.Equal("eu-west-1", o.Region);
        Assert.Equal(new Uri("https://s3.eu-west-1.amazonaws.com"), o.Endpoint);
        Assert.False(o.UsesPathStyle);
        Assert.Equal(S3ClientOptions.DefaultMaxAttempts, o.MaxAttempts);
    }

    [Fact]
    public void AWS_PROFILE_picks_the_profile_with_its_token_nested_endpoint_addressing_and_attempts()
    {
        var o = Resolve(("AWS_PROFILE", "backup"));
        Assert.Equal("AKIABACKUP", o.Credentials.AccessKeyId);
        Assert.Equal("backup-token", o.Credentials.SessionToken);
        Assert.Equal("eu-central-1", o.Region);
        Assert.Equal(new Uri("https://minio.example.net:9000"), o.Endpoint);
        Assert.True(o.UsesPathStyle);
        Assert.Equal(4, o.MaxAttempts);
    }

    [Fact]
    public void Variables_win_over_the_files()
    {
        var o = Resolve(
            ("AWS_PROFILE", "backup"), ("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "ap-south-1"),
            ("AWS_ENDPOINT_URL", "https://generic.example"), ("AWS_ENDPOINT_URL_S3", "https://r2.example.com"),
            ("PGSNAP_S3_ADDRESSING", "virtual"), ("AWS_MAX_ATTEMPTS", "2"));
        Assert.Equal("AKIAENV", o.Credentials.AccessKeyId);
        Assert.Null(o.Credentials.SessionToken);
        Assert.Equal("us-west-2", o.Region);
        Assert.Equal(new Uri("https://r2.example.com"), o.Endpoint);
        Assert.False(o.UsesPathStyle);
        Assert.Equal(2, o.MaxAttempts);
        Assert.Equal("ap-south-1", Resolve(("AWS_DEFAULT_REGION", "ap-south-1")).Region);
    }

    [Fact]
    public void An_IP_or_localhost_endpoint_is_path_style_automatically()
    {
        Assert.True(Resolve(("AWS_ENDPOINT_URL", "http://127.0.0.1:9000")).UsesPathStyle);
        Assert.True(Resolve(("AWS_ENDPOINT_URL", "http://localhost:9000")).UsesPathStyle);
        Assert.True(Resolve(("AWS_ENDPOINT_URL", "http://10.1.2.3:9000")).UsesPathStyle);
        Assert.False(Resolve(("AWS_ENDPOINT_URL", "https://s3.example.com")).UsesPathStyle);
        Assert.True(Resolve(("AWS_ENDPOINT_URL", "https://s3.example.com"), ("PGSNAP_S3_ADDRESSING", "path")).UsesPathStyle);
    }

    [Fact]
    public void No_credentials_is_a_usage_error_naming_what_to_set_and_no_secret_ever_appears()
    {
        var e = Assert.Throws<PgSnapException>(() => S3Environment.Resolve(static _ => null, "/nonexistent-home"));
        Assert.Equal(PgSnapErrorKind.Usage, e.Kind);
        Assert.StartsWith("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<PgSnapException>(() => Resolve(("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "very-secret"), ("AWS_ENDPOINT_URL", "ftp://x")));
        Assert.DoesNotContain("very-secret", bad.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", Resolve(("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "very-secret")).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://bucket/a/b.sql.gz", "bucket", "a/b.sql.gz")]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("S3://bucket/prefix/", "bucket", "prefix/")]
    public void Locations_parse(string text, string bucket, string key)
    {
        var l = S3Location.Parse(text);
        Assert.Equal(bucket, l.Bucket);
        Assert.Equal(key, l.Key);
    }

    [Fact]
    public void A_location_without_a_bucket_is_a_usage_error() =>
        Assert.Equal(PgSnapErrorKind.Usage, Assert.Throws<PgSnapException>(() => S3Location.Parse("s3:///key")).Kind);
}
