using System.Text.RegularExpressions;

namespace PgSnap.Connection;

/// <summary>
/// Last line of defence for "a password never appears in output": masks anything shaped like a secret (URL
/// user-info, <c>password=…</c>) in text about to be shown or written. The first line is that no message is built
/// from a connection string in the first place (<see cref="ConnectionStringParser"/> names the wrong part instead).
/// A known password is deliberately not searched for as a substring: that masks unrelated words when it is short
/// ("a", "postgres") and misses it exactly when parsing failed and the password is not known.
/// </summary>
public static partial class SecretRedactor
{
    private const string Mask = "********";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = UrlUserInfo().Replace(text, "$1$2:" + Mask + "@");
        return PasswordSetting().Replace(text, "$1" + Mask);
    }

    // The scheme is matched loosely (any word before "://" or ":/"), so a mistyped one is masked too.
    [GeneratedRegex(@"([a-z][a-z0-9+.-]*:/{1,2})([^:/@\s]*):[^@\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();
}
