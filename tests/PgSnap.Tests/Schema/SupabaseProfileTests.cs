using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Schema;

public sealed class SupabaseProfileTests
{
    /// <summary>What the platform creates in every project (both databases get it).</summary>
    private const string Platform = """
        DO $$
        DECLARE r text;
        BEGIN
            FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'supabase_admin', 'supabase_auth_admin'] LOOP
                BEGIN EXECUTE format('CREATE ROLE %I', r); EXCEPTION WHEN duplicate_object THEN NULL; END;
            END LOOP;
        END $$;
        CREATE SCHEMA auth AUTHORIZATION supabase_admin;
        CREATE SCHEMA storage AUTHORIZATION supabase_admin;
        CREATE SCHEMA extensions;
        CREATE SCHEMA realtime;
        CREATE SCHEMA supabase_migrations;
        CREATE TABLE auth.users (id uuid PRIMARY KEY, email text, raw_user_meta_data jsonb);
        ALTER TABLE auth.users OWNER TO supabase_admin;
        CREATE TABLE auth.schema_migrations (version text PRIMARY KEY);
        CREATE TABLE storage.buckets (id text PRIMARY KEY, name text);
        CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY);
        CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
        CREATE FUNCTION public.platform_helper() RETURNS int LANGUAGE sql AS 'SELECT 1';
        ALTER FUNCTION public.platform_helper() OWNER TO supabase_admin;
        ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO anon;
        CREATE PUBLICATION supabase_realtime;
        GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
        """;

    /// <summary>What the project itself created.</summary>
    private const string Project = """
        CREATE TABLE public.profiles (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE, username text UNIQUE, avatar_url text);
        ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "Public profiles are viewable by everyone." ON public.profiles FOR SELECT TO anon, authenticated USING (true);
        CREATE POLICY "Users can update own profile." ON public.profiles FOR UPDATE TO authenticated USING (auth.uid() = id);
        GRANT SELECT ON public.profiles TO anon;
        GRANT ALL ON public.profiles TO authenticated, service_role;
        CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
        BEGIN
            INSERT INTO public.profiles (id, username) VALUES (NEW.id, NEW.raw_user_meta_data ->> 'username');
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
        ALTER PUBLICATION supabase_realtime ADD TABLE public.profiles;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO authenticated;
        INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.com');
        """;

    [Fact]
    public async Task Supabase_dump_leaves_out_platform_schemas_but_keeps_policies_grants_auth_triggers_and_platform_rows()
    {
        var result = await SchemaRoundTrip.RunAsync(Platform + Project, new DumpOptions { Profile = DumpProfile.Supabase }, "supa", targetSetupSql: Platform);
        SchemaRoundTrip.AssertSame(result);
        Assert.DoesNotContain("CREATE SCHEMA", result.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("auth.uid()\n RETURNS", result.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("platform_helper", result.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE ROLE", result.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("FOR ROLE supabase_admin", result.Script, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE PUBLICATION", result.Script, StringComparison.Ordinal);
        Assert.Contains(result.Plan.PostData, e => e.Kind == "TRIGGER" && e.Schema == "auth" && e.Name == "users on_auth_user_created");
        Assert.Contains(result.Plan.PostData, e => e.Kind == "POLICY" && e.Sql.Contains("TO anon, authenticated", StringComparison.Ordinal));
        Assert.Contains("GRANT SELECT ON TABLE public.profiles TO anon;", result.Script, StringComparison.Ordinal);
        Assert.Contains("ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.profiles;", result.Script, StringComparison.Ordinal);
        // With its data, a full dump carries the rows of the platform tables the project fills (auth.users,
        // storage.buckets), not the platform's migration history.
        Assert.Equal(["auth.users", "public.profiles", "storage.buckets"], result.Plan.TableData.Select(t => t.Schema + "." + t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Supabase_data_only_dump_keeps_auth_rows_and_skips_migration_history()
    {
        var server = await TestServer.GetAsync();
        var db = await server.CreateDatabaseAsync("supa_data");
        await SchemaRoundTrip.RunPsqlAsync(server, db, Platform + Project);
        var plan = await SchemaRoundTrip.PlanAsync(server, db, new DumpOptions { Profile = DumpProfile.Supabase, DataOnly = true });
        var tables = plan.TableData.Select(t => t.Schema + "." + t.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["auth.users", "public.profiles", "storage.buckets"], tables);
        Assert.Empty(plan.PreData);
    }
}
