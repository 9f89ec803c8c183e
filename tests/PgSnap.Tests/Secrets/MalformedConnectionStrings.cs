namespace PgSnap.Tests.Secrets;

/// <summary>
/// Connection strings that users get wrong, each holding <see cref="Marker"/> as (part of) its password: scheme typos,
/// port typos, unescaped '@', '#', '/' and '%' in the password, unclosed quotes, unknown parameters, IPv6 brackets.
/// None may ever bring the marker into any output. Every host is 127.0.0.1 port 1 (nothing listens there) or a name
/// that is never resolved because parsing fails first.
/// </summary>
internal static class MalformedConnectionStrings
{
    public const string Marker = "Mk7pW0rdXq";

    public static IReadOnlyList<string> All { get; } =
    [
        $"postgresql:/app_user:{Marker}@db.example.com:5432/app",
        $"postgresq://app_user:{Marker}@db.example.com:5432/app",
        $"postgres:/app_user:{Marker}@127.0.0.1:1/app",
        $"postgresql//app_user:{Marker}@127.0.0.1:1/app",
        $"postgresql://app_user:{Marker}@127.0.0.1:54x2/app",
        $"postgresql://app_user:{Marker}@x@127.0.0.1:1/app",
        $"postgresql://app_user:{Marker}/x@127.0.0.1:1/app",
        $"postgresql://app_user:{Marker}#x@127.0.0.1:1/app",
        $"postgresql://app_user:{Marker}%zz@127.0.0.1:1/app",
        $"postgresql://app_user:{Marker}@[::1:1/app",
        $"postgresql://app_user:{Marker}@127.0.0.1:1/app?sslmode=requir",
        $"postgresql://app_user:{Marker}@127.0.0.1:1/app?sslmod=require",
        $"host=127.0.0.1 port=1 user=app_user password='{Marker}",
        $"host=127.0.0.1 port=1 user=app_user password=first {Marker} dbname=app",
        $"host=127.0.0.1 port=1 user=app_user passwrd={Marker}",
        $"host=127.0.0.1 port=1 {Marker}=x",
        $"host=127.0.0.1 port=one password={Marker}",
        $"host=127.0.0.1 port=1 dbname=postgresql:/u:{Marker}@h/app",
    ];
}
