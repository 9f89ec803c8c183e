using System.Text;
using PgSnap.Ddl;

namespace PgSnap.Roles;

/// <summary>
/// Turns a stored setting value back into the <c>SET name TO …</c> argument that recreates it. List settings
/// (search_path and the other GUC_LIST_QUOTE ones) are stored as one string of comma-separated, possibly
/// double-quoted elements; they must be written as one literal per element, or the server would store the whole
/// list as a single quoted element.
/// </summary>
internal static class RoleSettingValue
{
    private static readonly string[] s_listSettings =
    [
        "local_preload_libraries", "search_path", "session_preload_libraries", "shared_preload_libraries",
        "temp_tablespaces", "unix_socket_directories",
    ];

    public static string Render(string name, string value) =>
        Array.IndexOf(s_listSettings, name) >= 0 ? RenderList(value) : Quoting.Literal(value);

    private static string RenderList(string value)
    {
        var elements = Split(value);
        return elements.Count == 0 ? "''" : string.Join(", ", elements.Select(Quoting.Literal));
    }

    /// <summary>Splits <c>"$user", public, "a ""b"""</c> into <c>$user</c>, <c>public</c>, <c>a "b"</c>.</summary>
    private static List<string> Split(string value)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var any = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < value.Length && value[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
                any = true;
            }
            else if (c == ',')
            {
                result.Add(current.ToString().Trim());
                current.Clear();
                any = false;
            }
            else if (!char.IsWhiteSpace(c) || current.Length > 0)
            {
                current.Append(c);
                any = true;
            }
        }

        if (any || current.Length > 0 || result.Count > 0)
        {
            result.Add(current.ToString().Trim());
        }

        return result;
    }
}
