using System.Globalization;

namespace PgSnap.Storage.S3;

/// <summary>
/// Where to reach object storage and with which keys, read the way the AWS CLI and SDKs read them, so a machine that
/// already runs <c>aws s3</c> needs nothing more (README.md, "Backups in object storage"):
/// <list type="bullet">
/// <item>credentials: <c>AWS_ACCESS_KEY_ID</c> + <c>AWS_SECRET_ACCESS_KEY</c> (+ <c>AWS_SESSION_TOKEN</c>), else the
/// profile (<c>AWS_PROFILE</c>, default "default") in <c>~/.aws/credentials</c>, then in <c>~/.aws/config</c>;</item>
/// <item>region: <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's <c>region</c>, else us-east-1;</item>
/// <item>endpoint: <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, the profile's <c>s3 = endpoint_url</c> or
/// <c>endpoint_url</c>, else AWS's regional endpoint;</item>
/// <item>addressing: <c>PGSNAP_S3_ADDRESSING=path|virtual</c>, the profile's <c>s3 = addressing_style</c>, else
/// automatic (path-style for an IP address or localhost);</item>
/// <item>attempts per request: <c>AWS_MAX_ATTEMPTS</c> or the profile's <c>max_attempts</c>.</item>
/// </list>
/// The files are <c>AWS_SHARED_CREDENTIALS_FILE</c> and <c>AWS_CONFIG_FILE</c> when set.
/// </summary>
public static class S3Environment
{
    /// <summary>Resolves from the process environment and the user's home folder.</summary>
    public static S3ClientOptions FromProcess() =>
        Resolve(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// Resolves from <paramref name="variable"/> (an environment lookup) and <paramref name="home"/>. Throws a usage
    /// error (exit code 2) naming what to set when no credentials are found; never puts a secret in a message.
    /// </summary>
    public static S3ClientOptions Resolve(Func<string, string?> variable, string? home)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Var(string name) => variable(name) is { Length: > 0 } v ? v : null;

        var awsDir = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".aws");
        var credentialsPath = Var("AWS_SHARED_CREDENTIALS_FILE") ?? (awsDir is null ? null : Path.Combine(awsDir, "credentials"));
        var configPath = Var("AWS_CONFIG_FILE") ?? (awsDir is null ? null : Path.Combine(awsDir, "config"));
        var credentialsFile = credentialsPath is null ? AwsConfigFile.Empty : AwsConfigFile.Load(credentialsPath);
        var configFile = configPath is null ? AwsConfigFile.Empty : AwsConfigFile.Load(configPath);
        var profile = Var("AWS_PROFILE") ?? Var("AWS_DEFAULT_PROFILE") ?? "default";
        // The config file names every profile but the default one "[profile NAME]".
        var configSection = profile == "default" ? "default" : "profile " + profile;
        string? Config(string key) => configFile.Get(configSection, key);

        var credentials = FromVariables(Var) ?? FromFile(credentialsFile, profile) ?? FromFile(configFile, configSection)
            ?? throw new PgSnapException(PgSnapErrorKind.Usage,
                $"no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in {credentialsPath ?? "~/.aws/credentials"} (profile '{profile}' has no aws_access_key_id there)");

        var region = Var("AWS_REGION") ?? Var("AWS_DEFAULT_REGION") ?? Config("region") ?? "us-east-1";
        var endpointText = Var("AWS_ENDPOINT_URL_S3") ?? Var("AWS_ENDPOINT_URL") ?? Config("s3.endpoint_url") ?? Config("endpoint_url")
            ?? $"https://s3.{region}.amazonaws.com";
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"S3 endpoint '{endpointText}' is not an http:// or https:// URL (AWS_ENDPOINT_URL / endpoint_url)");
        }

        var addressing = (Var("PGSNAP_S3_ADDRESSING") ?? Config("s3.addressing_style"))?.ToLowerInvariant();
        bool? pathStyle = addressing switch
        {
            null or "auto" => null,
            "path" => true,
            "virtual" => false,
            _ => throw new PgSnapException(PgSnapErrorKind.Usage, $"S3 addressing style '{addressing}' is not path, virtual or auto (PGSNAP_S3_ADDRESSING / s3 addressing_style)"),
        };

        var attemptsText = Var("AWS_MAX_ATTEMPTS") ?? Config("max_attempts");
        var attempts = S3ClientOptions.DefaultMaxAttempts;
        if (attemptsText is not null && (!int.TryParse(attemptsText, NumberStyles.None, CultureInfo.InvariantCulture, out attempts) || attempts < 1))
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, $"AWS_MAX_ATTEMPTS / max_attempts '{attemptsText}' is not a positive whole number");
        }

        return new S3ClientOptions(endpoint, region, credentials) { ForcePathStyle = pathStyle, MaxAttempts = attempts };
    }

    private static S3Credentials? FromVariables(Func<string, string?> var) =>
        var("AWS_ACCESS_KEY_ID") is { } id && var("AWS_SECRET_ACCESS_KEY") is { } secret
            ? new S3Credentials(id, secret, var("AWS_SESSION_TOKEN"))
            : null;

    private static S3Credentials? FromFile(AwsConfigFile file, string section) =>
        file.Get(section, "aws_access_key_id") is { } id && file.Get(section, "aws_secret_access_key") is { } secret
            ? new S3Credentials(id, secret, file.Get(section, "aws_session_token"))
            : null;
}
