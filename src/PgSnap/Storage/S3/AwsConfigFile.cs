namespace PgSnap.Storage.S3;

/// <summary>
/// The INI files the AWS CLI and SDKs share (<c>~/.aws/credentials</c>, <c>~/.aws/config</c>): <c>[section]</c>
/// headers, <c>key = value</c> lines, '#' and ';' comments, and the nested form the config file uses for per-service
/// settings (<c>s3 =</c> followed by indented <c>key = value</c> lines), read here as <c>s3.key</c>.
/// </summary>
public sealed class AwsConfigFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private AwsConfigFile(Dictionary<string, Dictionary<string, string>> sections) => _sections = sections;

    public static AwsConfigFile Empty { get; } = new([]);

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty one, as for the AWS CLI.</summary>
    public static AwsConfigFile Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;

    public static AwsConfigFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? parent = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed[^1] == ']')
            {
                var name = trimmed[1..^1].Trim();
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new(StringComparer.Ordinal);
                parent = null;
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals < 0)
            {
                continue;
            }

            var key = trimmed[..equals].Trim().ToLowerInvariant();
            var value = trimmed[(equals + 1)..].Trim();
            var indented = line.Length > 0 && char.IsWhiteSpace(line[0]);
            if (indented && parent is not null)
            {
                current[parent + "." + key] = value;
            }
            else if (value.Length == 0)
            {
                parent = key;
            }
            else
            {
                parent = null;
                current[key] = value;
            }
        }

        return new AwsConfigFile(sections);
    }

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/>, or null.</summary>
    public string? Get(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
