using System.Text;
using System.Text.RegularExpressions;
using PgSnap.Model;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// -C: the database's own entries at the top of the dump, as pg_dump -C writes them. "DATABASE": (under --clean)
/// DROP DATABASE, CREATE DATABASE from template0 with the encoding and locale, its owner, then <c>\connect</c> to it and
/// the session settings again (a new session). "DATABASE PROPERTIES", run in the new database: comment, connection
/// limit, settings (ALTER DATABASE … SET, ALTER ROLE … IN DATABASE … SET) and privileges.
/// </summary>
internal static partial class DatabaseEmitter
{
    public static IReadOnlyList<DdlEntry> Emit(DatabaseRecord d, EmitContext context)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(context);
        var q = context.Quoting;
        var name = q.Ident(d.Name);
        var create = new StringBuilder();
        if (context.Options.Clean)
        {
            create.Append("DROP DATABASE ").Append(context.Options.IfExists ? "IF EXISTS " : "").Append(name).Append(";\n");
        }

        create.Append("CREATE DATABASE ").Append(name).Append(" WITH TEMPLATE = template0 ENCODING = ").Append(Ddl.Quoting.Literal(d.Encoding));
        AppendLocale(create, d);
        if (d.Tablespace is not null && !context.Options.NoTablespaces)
        {
            create.Append(" TABLESPACE = ").Append(q.Ident(d.Tablespace));
        }

        create.Append(";\n");
        context.Decorations.Owner(create, "DATABASE", name, d.Owner);
        create.Append('\n').Append(Connect(d.Name)).Append("\n\n").Append(Archive.Writing.BlockText.SessionSettings);

        var properties = new StringBuilder();
        context.Decorations.Comment(properties, "DATABASE", name, d.Comment);
        if (d.ConnectionLimit != -1)
        {
            properties.Append("ALTER DATABASE ").Append(name).Append(" CONNECTION LIMIT = ").Append(d.ConnectionLimit).Append(";\n");
        }

        foreach (var setting in d.Settings)
        {
            properties.Append("ALTER DATABASE ").Append(name).Append(Set(setting, q));
        }

        foreach (var (role, setting) in d.RoleSettings)
        {
            properties.Append("ALTER ROLE ").Append(q.Ident(role)).Append(" IN DATABASE ").Append(name).Append(Set(setting, q));
        }

        context.Decorations.Acl(properties, "DATABASE", name, null, d.Acl, d.AclDefault, d.Owner);
        List<DdlEntry> entries = [new DdlEntry(DumpSection.PreData, "DATABASE", null, d.Name, d.Owner, create.ToString())];
        if (properties.Length > 0)
        {
            entries.Add(new DdlEntry(DumpSection.PreData, "DATABASE PROPERTIES", null, d.Name, d.Owner, properties.ToString()));
        }

        return entries;
    }

    /// <summary>
    /// psql's <c>\connect</c> to <paramref name="database"/>: the bare name when psql reads it back unchanged, else
    /// a connection string (quotes and backslashes escaped) so that any name survives, as pg_dump writes it.
    /// </summary>
    public static string Connect(string database)
    {
        if (SimpleName().IsMatch(database))
        {
            return "\\connect " + database;
        }

        var conninfo = "dbname='" + database.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
        return "\\connect -reuse-previous=on \"" + conninfo.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>LOCALE_PROVIDER (15+), LOCALE or LC_COLLATE/LC_CTYPE, ICU_LOCALE/BUILTIN_LOCALE and ICU_RULES, as pg_dump 18.</summary>
    private static void AppendLocale(StringBuilder sb, DatabaseRecord d)
    {
        if (d.LocaleProvider is { } provider)
        {
            sb.Append(" LOCALE_PROVIDER = ").Append(provider switch { 'b' => "builtin", 'i' => "icu", _ => "libc" });
        }

        if (d.Collate.Length > 0 && d.Collate == d.Ctype)
        {
            sb.Append(" LOCALE = ").Append(Ddl.Quoting.Literal(d.Collate));
        }
        else
        {
            if (d.Collate.Length > 0)
            {
                sb.Append(" LC_COLLATE = ").Append(Ddl.Quoting.Literal(d.Collate));
            }

            if (d.Ctype.Length > 0)
            {
                sb.Append(" LC_CTYPE = ").Append(Ddl.Quoting.Literal(d.Ctype));
            }
        }

        if (d.Locale is not null)
        {
            sb.Append(d.LocaleProvider == 'b' ? " BUILTIN_LOCALE = " : " ICU_LOCALE = ").Append(Ddl.Quoting.Literal(d.Locale));
        }

        if (d.IcuRules is not null)
        {
            sb.Append(" ICU_RULES = ").Append(Ddl.Quoting.Literal(d.IcuRules));
        }
    }

    /// <summary><c> SET name TO value;</c> from a pg_db_role_setting entry (<c>name=value</c>).</summary>
    private static string Set(string setting, Ddl.Quoting q)
    {
        var eq = setting.IndexOf('=', StringComparison.Ordinal);
        var name = eq < 0 ? setting : setting[..eq];
        var value = eq < 0 ? string.Empty : setting[(eq + 1)..];
        return " SET " + q.Ident(name) + " TO " + Roles.RoleSettingValue.Render(name, value) + ";\n";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleName();
}
