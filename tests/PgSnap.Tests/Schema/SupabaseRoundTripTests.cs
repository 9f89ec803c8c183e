using Npgsql;
using PgSnap.Tests.Cli;
using PgSnap.Tests.Corpus;
using Xunit;
using Xunit.Abstractions;

namespace PgSnap.Tests.Schema;

/// <summary>
/// A Supabase project moved end to end: a project built from Supabase's own SQL (<see cref="SupabasePlatform"/>)
/// with users who signed up, a storage bucket with files and the project's own tables, policies and triggers, is
/// dumped with <c>--profile supabase --roles</c> as the project's <c>postgres</c> role and restored with pgsnap into a
/// fresh project; there the users log in, their files and the storage policies are there, and
/// <c>verify --against</c> the source finds nothing missing.
/// </summary>
public sealed class SupabaseRoundTripTests(ITestOutputHelper output)
{
    private static readonly (string Id, string Email, string Name)[] s_users =
    [
        ("5f1c8a2e-3b7d-4c61-9a0e-0d2b8f4e6a11", "alice@example.com", "alice"),
        ("9b2e4d6f-8a1c-4e3b-b5d7-1f3a5c7e9b22", "bob@example.com", "bob"),
    ];

    /// <summary>What the project itself made, as its postgres role (the way the dashboard's SQL editor runs it).</summary>
    private const string Project = """
        CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE, username text UNIQUE, avatar_url text);
        ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "Public profiles are viewable by everyone." ON public.profiles FOR SELECT USING (true);
        CREATE POLICY "Users can update own profile." ON public.profiles FOR UPDATE TO authenticated USING ((SELECT auth.uid()) = id);
        CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
        BEGIN
            INSERT INTO public.profiles (id, username) VALUES (NEW.id, NEW.raw_user_meta_data ->> 'username');
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
        CREATE ROLE app_reader NOLOGIN;
        GRANT SELECT ON public.profiles TO app_reader;
        INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', false);
        CREATE POLICY "Avatar images are readable by their owner." ON storage.objects FOR SELECT TO authenticated USING (bucket_id = 'avatars' AND owner_id = (SELECT auth.uid())::text);
        CREATE POLICY "Users upload their own avatar." ON storage.objects FOR INSERT TO authenticated
            WITH CHECK (bucket_id = 'avatars' AND (storage.foldername(name))[1] = (SELECT auth.uid())::text);
        """;

    [Fact]
    public async Task Supabase_project_restored_into_a_fresh_project_lets_users_log_in_with_their_files_and_storage_policies()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var projects = await Task.WhenAll(SupabasePlatform.StartAsync(), SupabasePlatform.StartAsync());
        await using var source = projects[0];
        await using var target = projects[1];
        foreach (var note in source.Notes)
        {
            output.WriteLine(note);
        }

        await RunAsync(source, "postgres", Project);
        foreach (var (id, email, name) in s_users)
        {
            await SignUpAsync(source, id, email, name);
            await RunAsync(source, "supabase_storage_admin", $$"""
                INSERT INTO storage.objects (bucket_id, name, owner, owner_id, metadata)
                VALUES ('avatars', '{{id}}/avatar.png', '{{id}}', '{{id}}', '{"size": 1024, "mimetype": "image/png"}');
                """);
        }

        output.WriteLine($"source project ready after {clock.ElapsedMilliseconds} ms");
        var work = Directory.CreateTempSubdirectory("pgsnap-supabase-").FullName;
        try
        {
            var archive = Path.Combine(work, "backup.sql.gz");
            var dump = await PgSnapCli.Default.RunAsync(["dump", "--url", source.UrlFor("postgres"), "--profile", "supabase", "--roles", "-f", archive]);
            output.WriteLine($"dump: exit {dump.ExitCode}\n{dump.StdErr}");
            Assert.True(dump.ExitCode == 0, $"dump failed: {dump.StdErr}");
            var header = await ArchiveStartAsync(archive);
            Assert.Contains("SET session_replication_role = replica;", header, StringComparison.Ordinal);

            var restore = await PgSnapCli.Default.RunAsync(["restore", archive, "--url", target.UrlFor("postgres")]);
            output.WriteLine($"restore: exit {restore.ExitCode}\n{restore.StdErr}");
            Assert.True(restore.ExitCode == 0, $"restore failed: {restore.StdErr}");

            // Users log in the way GoTrue checks a password: it reads the user by email as its own role and compares
            // the bcrypt hash (here with pgcrypto's crypt); their identities came along.
            foreach (var (id, email, _) in s_users)
            {
                var hash = await ScalarAsync(target, "supabase_auth_admin", $"SELECT encrypted_password FROM auth.users WHERE email = '{email}' AND id = '{id}'");
                Assert.NotNull(hash);
                Assert.Equal("t", await ScalarAsync(target, "postgres", $"SELECT (extensions.crypt('pw-{email}', '{hash}') = '{hash}')::text::char"));
                Assert.Equal(id, await ScalarAsync(target, "supabase_auth_admin",
                    $"SELECT user_id::text FROM auth.identities WHERE provider = 'email' AND provider_id = '{id}' AND identity_data ->> 'email' = '{email}'"));
                Assert.Equal($"{id}/avatar.png", await ScalarAsync(target, "postgres",
                    $"SELECT name FROM storage.objects WHERE bucket_id = 'avatars' AND owner_id = '{id}'"));
            }

            // Each profile row once: the trigger on auth.users must not have added a second one while rows were loaded.
            Assert.Equal("2", await ScalarAsync(target, "postgres", "SELECT count(*)::text FROM public.profiles"));
            Assert.Equal("avatars", await ScalarAsync(target, "postgres", "SELECT string_agg(id, ',') FROM storage.buckets"));
            Assert.Equal(
                "Avatar images are readable by their owner.|Users upload their own avatar.",
                await ScalarAsync(target, "postgres", "SELECT string_agg(policyname, '|' ORDER BY policyname) FROM pg_policies WHERE schemaname = 'storage' AND tablename = 'objects'"));
            Assert.Equal(
                "Public profiles are viewable by everyone.|Users can update own profile.",
                await ScalarAsync(target, "postgres", "SELECT string_agg(policyname, '|' ORDER BY policyname) FROM pg_policies WHERE schemaname = 'public' AND tablename = 'profiles'"));
            Assert.Equal("on_auth_user_created", await ScalarAsync(target, "postgres",
                "SELECT string_agg(tgname, ',') FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass AND NOT tgisinternal"));
            Assert.Equal("t", await ScalarAsync(target, "postgres", "SELECT relrowsecurity::text::char FROM pg_class WHERE oid = 'public.profiles'::regclass"));

            // The project's own role came from the archive's roles part, with its grant.
            Assert.Equal("t", await ScalarAsync(target, "postgres", "SELECT has_table_privilege('app_reader', 'public.profiles', 'SELECT')::text::char"));

            // A user who signs up after the move still gets a profile: the trigger works on the restored project.
            await SignUpAsync(target, "0c4e6a8b-2d4f-4a6b-8c0e-3a5c7e9b1d33", "carol@example.com", "carol");
            Assert.Equal("carol", await ScalarAsync(target, "postgres", "SELECT username FROM public.profiles WHERE id = '0c4e6a8b-2d4f-4a6b-8c0e-3a5c7e9b1d33'"));

            var verify = await PgSnapCli.Default.RunAsync(["verify", archive, "--against", source.UrlFor("postgres")]);
            output.WriteLine($"verify --against source: exit {verify.ExitCode}\n{verify.StdOutText}{verify.StdErr}");
            Assert.True(verify.ExitCode == 0, $"verify --against the source failed: {verify.StdOutText}{verify.StdErr}");
            Assert.DoesNotContain("missing", verify.StdOutText + verify.StdErr, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        output.WriteLine($"round trip done in {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// A sign-up as GoTrue writes it: the server hashes the password with bcrypt (here pgcrypto's crypt, as the
    /// project's postgres role, which may use the extensions schema), then its role writes the user and the email
    /// identity.
    /// </summary>
    private static async Task SignUpAsync(SupabasePlatform project, string id, string email, string name)
    {
        var hash = await ScalarAsync(project, "postgres", $"SELECT extensions.crypt('pw-{email}', extensions.gen_salt('bf'))");
        await RunAsync(project, "supabase_auth_admin", $$"""
            INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_sso_user, is_anonymous)
            VALUES ('00000000-0000-0000-0000-000000000000', '{{id}}', 'authenticated', 'authenticated', '{{email}}', '{{hash}}', now(),
                    '{"provider": "email", "providers": ["email"]}', '{"username": "{{name}}"}', now(), now(), false, false);
            INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
            VALUES ('{{id}}', '{{id}}', '{"sub": "{{id}}", "email": "{{email}}", "email_verified": true}', 'email', now(), now(), now());
            """);
    }

    /// <summary>The archive's first kilobytes: its header block with the session settings every restore session runs.</summary>
    private static async Task<string> ArchiveStartAsync(string archive)
    {
        await using var file = File.OpenRead(archive);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        var buffer = new byte[4096];
        var read = await gzip.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Runs SQL as <paramref name="role"/>: the platform's service roles have no login here, so SET ROLE from supabase_admin.</summary>
    private static async Task RunAsync(SupabasePlatform project, string role, string sql)
    {
        await using var conn = new NpgsqlConnection(project.ConnectionStringFor("supabase_admin"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SET ROLE {role}; {sql}", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(SupabasePlatform project, string role, string sql)
    {
        await using var conn = new NpgsqlConnection(project.ConnectionStringFor("supabase_admin"));
        await conn.OpenAsync();
        await using (var set = new NpgsqlCommand($"SET ROLE {role}", conn))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync() as string;
    }
}
