using System.Text;
using PgSnap.Restore.Execution;
using PgSnap.Sql;
using Xunit;

namespace PgSnap.Tests.Restore;

public sealed class BatchPolicyTests
{
    [Theory]
    [InlineData("CREATE TABLE public.t (a int)", true)]
    [InlineData("ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (a)", true)]
    [InlineData("CREATE UNIQUE INDEX t_a ON public.t USING btree (a)", true)]
    [InlineData("SELECT pg_catalog.setval('public.s', 3, true)", true)]
    [InlineData("SET search_path = ''", true)]
    [InlineData("SET SESSION AUTHORIZATION alice", true)]
    [InlineData("ALTER TYPE public.e ADD ATTRIBUTE x int", true)]
    [InlineData("COMMENT ON COLUMN public.t.a IS 'concurrently added value'", true)]
    [InlineData("REFRESH MATERIALIZED VIEW public.mv", true)]
    [InlineData("ALTER TYPE public.e ADD VALUE 'b' AFTER 'a'", false)]
    [InlineData("ALTER TYPE public.e ADD VALUE IF NOT EXISTS 'b'", false)]
    [InlineData("CREATE INDEX CONCURRENTLY t_a ON public.t (a)", false)]
    [InlineData("CREATE UNIQUE INDEX CONCURRENTLY t_a ON public.t (a)", false)]
    [InlineData("DROP INDEX CONCURRENTLY public.t_a", false)]
    [InlineData("CREATE DATABASE d", false)]
    [InlineData("DROP TABLESPACE ts", false)]
    [InlineData("ALTER SYSTEM SET work_mem = '1MB'", false)]
    [InlineData("CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", false)]
    [InlineData("SET LOCAL work_mem = '1MB'", false)]
    [InlineData("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", false)]
    [InlineData("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", false)]
    [InlineData("VACUUM public.t", false)]
    [InlineData("DO $$ BEGIN COMMIT; END $$", false)]
    [InlineData("CALL public.p()", false)]
    [InlineData("BEGIN", false)]
    public void Batches_only_what_behaves_the_same_in_a_transaction_block(string sql, bool expected)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        var firstWord = Encoding.UTF8.GetBytes(sql.Split(' ')[0].ToLowerInvariant());
        Assert.Equal(expected, BatchPolicy.CanBatch(bytes, firstWord));
    }
}
