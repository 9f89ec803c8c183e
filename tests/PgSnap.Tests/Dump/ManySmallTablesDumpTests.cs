using System.Collections.Concurrent;
using System.IO.Pipelines;
using PgSnap.Connection;
using PgSnap.Data;
using PgSnap.Data.Wire;
using PgSnap.Dump;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Dump;

/// <summary>
/// Thousands of small tables (README, "5,000 tables"): the data workers lock them many per statement and send their
/// COPYs ahead in windows, so the data phase's round trips do not grow one or two per table; the rows stay exact and a
/// failing COPY among those sent ahead still fails the dump, naming its table.
/// </summary>
public sealed class ManySmallTablesDumpTests : IAsyncLifetime
{
    private const int Tables = 300;

    private TestServer _server = null!;
    private string _db = null!;
    private string _dir = null!;
    private string _ddl = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.GetAsync();
        _db = await _server.CreateDatabaseAsync("smalltables");
        _ddl = string.Concat(Enumerable.Range(1, Tables).Select(i => $"CREATE TABLE public.t{i:000} (id int PRIMARY KEY, v text);\n"));
        await _server.ExecuteAsync(_db, _ddl + string.Concat(Enumerable.Range(1, Tables).Select(i =>
            $"INSERT INTO public.t{i:000} VALUES (1, 'a{i}'), (2, E'tab\\there'), (3, NULL);\n")));
        _dir = Directory.CreateTempSubdirectory("pgsnap-small-").FullName;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Small_tables_are_locked_many_per_statement_and_their_copies_sent_ahead(int jobs)
    {
        var sessions = new CountingFactory(DumpTestKit.Spec(_server, _db));
        var path = Path.Combine(_dir, $"small{jobs}.sql");
        await DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(_ddl), new DumpOptions { Jobs = jobs }, sessions: sessions);

        var locks = sessions.Executed.Count(sql => sql.Contains("LOCK TABLE", StringComparison.Ordinal));
        Assert.True(locks <= 2 + jobs, $"{Tables} tables were locked in {locks} statements; expected a few batches");
        Assert.Equal(Tables, sessions.Copies);
        Assert.True(sessions.CopiesNotSentAhead <= jobs * 2, $"{sessions.CopiesNotSentAhead} of {Tables} COPYs waited for a round trip of their own");

        var restored = await DumpTestKit.RestoreWithPsqlAsync(_server, path);
        foreach (var table in new[] { "public.t001", "public.t150", "public.t300" })
        {
            Assert.Equal(await DumpTestKit.TableFingerprintAsync(_server, _db, table), await DumpTestKit.TableFingerprintAsync(_server, restored, table));
        }

        Assert.Equal(Tables * 3L, await _server.ScalarAsync<long>(restored,
            "SELECT sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %s', c.oid::regclass), false, true, '')))[1]::text::int) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"));
    }

    [Fact]
    public async Task A_copy_that_fails_among_those_sent_ahead_fails_the_dump_and_names_its_table()
    {
        // The session sees t150's COPY aimed at a table that does not exist, the same text sent ahead and run.
        var sessions = new CountingFactory(DumpTestKit.Spec(_server, _db), sql => sql.Replace("public.t150 ", "public.t150_missing ", StringComparison.Ordinal));
        var path = Path.Combine(_dir, "failing.sql");
        var ex = await Assert.ThrowsAsync<PgSnapException>(() =>
            DumpTestKit.DumpToFileAsync(_server, _db, path, DumpTestKit.PlanFrom(_ddl), new DumpOptions { Jobs = 1 }, sessions: sessions));

        Assert.Contains("t150_missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    /// <summary>The lean wire sessions, with every statement they are given counted (and, for a test, rewritten).</summary>
    private sealed class CountingFactory(ConnectionSpec spec, Func<string, string>? rewrite = null) : ICopyOutSessionFactory
    {
        private int _copies;
        private int _copiesNotSentAhead;

        public string Name => "counting wire";

        public ConcurrentQueue<string> Executed { get; } = new();

        public int Copies => _copies;

        public int CopiesNotSentAhead => _copiesNotSentAhead;

        public async Task<ICopyOutSession> OpenAsync(CancellationToken cancellationToken) =>
            new Counting(await new WireCopyOutSessionFactory(spec).OpenAsync(cancellationToken), this);

        private sealed class Counting(ICopyOutSession inner, CountingFactory owner) : ICopyOutSession
        {
            private int _ahead;

            public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
            {
                owner.Executed.Enqueue(sql);
                return inner.ExecuteAsync(sql, cancellationToken);
            }

            public Task<long> CopyOutAsync(string copySql, PipeWriter destination, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner._copies);
                if (_ahead > 0)
                {
                    _ahead--;
                }
                else
                {
                    Interlocked.Increment(ref owner._copiesNotSentAhead);
                }

                return inner.CopyOutAsync(Rewrite(copySql), destination, cancellationToken);
            }

            public async ValueTask<bool> SendAheadAsync(IReadOnlyList<string> copySqls, CancellationToken cancellationToken)
            {
                var sent = await inner.SendAheadAsync([.. copySqls.Select(Rewrite)], cancellationToken);
                if (sent)
                {
                    _ahead += copySqls.Count;
                }

                return sent;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();

            private string Rewrite(string sql) => owner.Rewrite(sql);
        }

        private string Rewrite(string sql) => rewrite?.Invoke(sql) ?? sql;
    }
}
