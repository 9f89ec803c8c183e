using System.Text;
using BenchmarkDotNet.Attributes;
using PgSnap.Sql;

namespace PgSnap.Benchmarks;

/// <summary>
/// Splitter throughput (MB/s = size / mean) on a generated dump: DDL with dollar-quoted bodies, comments and
/// strings, and COPY blocks that make up most of the bytes, as in a real dump. No server involved.
/// </summary>
[MemoryDiagnoser]
public class RestoreSplitter
{
    private byte[] _dump = [];

    /// <summary>Size of the generated dump in MiB.</summary>
    [Params(32)]
    public int SizeMiB { get; set; }

    /// <summary>"copy": a data dump (COPY rows are most of the bytes); "ddl": a schema dump (only the lexer states work).</summary>
    [Params("copy", "ddl")]
    public string Shape { get; set; } = "copy";

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder();
        var table = 0;
        while (sb.Length < SizeMiB * 1024 * 1024)
        {
            sb.Append("-- Name: t").Append(table).Append("; Type: TABLE; Schema: public; Owner: app\n")
              .Append("CREATE TABLE public.t").Append(table).Append(" (id bigint NOT NULL, name text, note text DEFAULT 'a;b''c');\n")
              .Append("CREATE FUNCTION public.f").Append(table).Append("() RETURNS text LANGUAGE plpgsql AS $body$ BEGIN /* ; */ RETURN E'x\\'y;'; END; $body$;\n");
            if (Shape == "ddl")
            {
                sb.Append("/* a block comment\n   over two lines; with /* nesting */ */\n")
                  .Append("CREATE VIEW public.\"v ").Append(table).Append("\" AS SELECT id, name || ' -- not a comment' AS \"Name;1\" FROM public.t").Append(table).Append(" WHERE note <> 'x'; -- trailing\n")
                  .Append("CREATE FUNCTION public.g").Append(table).Append("(a int) RETURNS int LANGUAGE plpgsql AS $fn$\nDECLARE s text := $q$;$q$;\nBEGIN\n  -- a ; in a comment\n  RETURN a + length(s) + length('it''s; fine');\nEND;\n$fn$;\n")
                  .Append("COMMENT ON TABLE public.t").Append(table).Append(" IS E'line\\none; \\'quoted\\'';\n")
                  .Append("ALTER TABLE public.t").Append(table).Append(" OWNER TO app;\n\n");
                table++;
                continue;
            }

            sb.Append("COPY public.t").Append(table).Append(" (id, name, note) FROM stdin;\n");
            for (var row = 0; row < 20_000; row++)
            {
                sb.Append(row).Append("\tname ").Append(row).Append("\tsome longer text with a tab\\t and ; semicolon é\n");
            }

            sb.Append("\\.\n\n");
            table++;
        }

        _dump = Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Splits the whole dump; returns the number of items so the work cannot be dropped.</summary>
    [Benchmark]
    public async Task<long> Split()
    {
        using var splitter = new SqlScriptSplitter(new MemoryStream(_dump, writable: false), "bench");
        long items = 0;
        while (await splitter.ReadAsync().ConfigureAwait(false) != SqlItemKind.End)
        {
            items++;
        }

        return items;
    }
}
