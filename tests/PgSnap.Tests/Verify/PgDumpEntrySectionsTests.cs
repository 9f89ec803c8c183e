using PgSnap.Tests.Infrastructure;
using PgSnap.Verify;
using Xunit;

namespace PgSnap.Tests.Verify;

/// <summary>
/// list of a pg_dump plain file files each entry under the section pg_dump gives its kind (the one table in
/// Sql/PgDumpSections, shared with restore's selection of a plain file), and reads a name holding "; " whole
/// (the one comment parser in Sql/EntryLine, shared with restore's survey).
/// </summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class PgDumpEntrySectionsTests
{
    [Fact]
    public async Task List_of_a_pg_dump_file_puts_check_constraints_row_security_and_default_acls_in_post_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pgsnap-sections-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(path, """
            --
            -- PostgreSQL database dump
            --

            -- Name: t; Type: TABLE; Schema: public; Owner: alice
            CREATE TABLE public.t (a int);

            -- Name: odd; name; Type: TABLE; Schema: public; Owner: alice
            CREATE TABLE public."odd; name" (a int);

            -- Name: t t_a_check; Type: CHECK CONSTRAINT; Schema: public; Owner: alice
            ALTER TABLE public.t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;

            -- Name: t; Type: ROW SECURITY; Schema: public; Owner: alice
            ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;

            -- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: -; Owner: alice
            ALTER DEFAULT PRIVILEGES FOR ROLE alice GRANT SELECT ON TABLES TO PUBLIC;

            --
            -- PostgreSQL database dump complete
            --

            """);
        try
        {
            var toc = await TableOfContentsReader.ReadAsync(path, static () => Stream.Null, CancellationToken.None);

            Assert.Equal(
                [("pre-data", "TABLE", "t"), ("pre-data", "TABLE", "odd; name"), ("post-data", "CHECK CONSTRAINT", "t t_a_check"), ("post-data", "ROW SECURITY", "t"), ("post-data", "DEFAULT ACL", "DEFAULT PRIVILEGES FOR TABLES")],
                toc.Entries.Select(static e => (e.Section, e.Kind, e.Name)).ToList());
            Assert.Null(toc.Entries[^1].Schema);
            Assert.All(toc.Entries, static e => Assert.Equal("alice", e.Owner));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
