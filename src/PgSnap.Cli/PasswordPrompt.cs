using System.Text;

namespace PgSnap.Cli;

/// <summary>
/// <c>-W</c>: reads a password from the terminal without echoing it, as pg_dump does. Without a terminal there is
/// nobody to ask, so that is a usage error rather than a read of whatever stdin holds (it may be the archive).
/// </summary>
internal static class PasswordPrompt
{
    public static string Read()
    {
        if (Console.IsInputRedirected)
        {
            throw new PgSnapException(PgSnapErrorKind.Usage, "-W/--password needs a terminal to prompt on; use PGPASSWORD or a password file instead");
        }

        Console.Error.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }

                continue;
            }

            if (key.KeyChar != '\0')
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
