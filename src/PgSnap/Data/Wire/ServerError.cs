using System.Text;

namespace PgSnap.Data.Wire;

/// <summary>The fields of an ErrorResponse or NoticeResponse that PgSnap reports.</summary>
public sealed record ServerError(string Severity, string SqlState, string Message, string? Detail, string? Hint)
{
    /// <summary>Parses the payload: a list of (field type byte, NUL-terminated string), ended by a zero byte.</summary>
    internal static ServerError Parse(ReadOnlySpan<byte> payload)
    {
        string severity = "ERROR", sqlState = "XX000", message = "(no message)";
        string? detail = null, hint = null;
        while (payload.Length > 0 && payload[0] != 0)
        {
            var field = payload[0];
            payload = payload[1..];
            var end = payload.IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            var value = Encoding.UTF8.GetString(payload[..end]);
            payload = payload[(end + 1)..];
            switch (field)
            {
                // 'V' is the untranslated severity (9.6+); 'S' may be localized.
                case (byte)'V':
                    severity = value;
                    break;
                case (byte)'S' when severity == "ERROR":
                    severity = value;
                    break;
                case (byte)'C':
                    sqlState = value;
                    break;
                case (byte)'M':
                    message = value;
                    break;
                case (byte)'D':
                    detail = value;
                    break;
                case (byte)'H':
                    hint = value;
                    break;
            }
        }

        return new ServerError(severity, sqlState, message, detail, hint);
    }

    /// <summary>One line: message, detail when there is one, and the SQLSTATE.</summary>
    public string Describe()
    {
        var text = Detail is null ? Message : $"{Message}: {Detail}";
        return $"{text.ReplaceLineEndings(" ")} (SQLSTATE {SqlState})";
    }
}
