using System.Text.RegularExpressions;

namespace PgSnap.Connection;

/// <summary>
/// Last line of defence for "a password never appears in output": removes a known password and anything
/// shaped like one (URL user-info, <c>password=…</c>) from text about to be shown or written.
/// </summary>
public static partial class SecretRedactor
{
    private const string Mask = "********";

    public static string Redact(string text, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.IsNullOrEmpty(password))
        {
            text = text.Replace(password, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(password);
            if (escaped != password)
            {
                text = text.Replace(escaped, Mask, StringComparison.Ordinal);
            }
        }

        text = UrlUserInfo().Replace(text, "$1$2:" + Mask + "@");
        return PasswordSetting().Replace(text, "$1" + Mask);
    }

    [GeneratedRegex(@"(postgres(?:ql)?://)([^:/@\s]*):[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();
}
