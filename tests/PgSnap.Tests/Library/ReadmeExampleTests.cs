using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Library;

/// <summary>The library example README.md shows is the code that <see cref="ReadmeExample"/> compiles and runs.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    [Trait(TestTier.Name, TestTier.Fast)]
    public void The_readme_shows_the_example_this_project_compiles()
    {
        var code = File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "PgSnap.Tests", "Library", "ReadmeExample.cs"));
        var start = Array.FindIndex(code, static l => l.Contains("// readme-example-start", StringComparison.Ordinal));
        var end = Array.FindIndex(code, static l => l.Contains("// readme-example-end", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, "markers missing in ReadmeExample.cs");
        var lines = code[(start + 1)..end];
        var indent = lines.Where(static l => l.Length > 0).Min(static l => l.Length - l.TrimStart().Length);
        var snippet = string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));

        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(snippet, readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_example_dumps_a_database_and_restores_it()
    {
        var server = await TestServer.GetAsync();
        var source = await server.CreateDatabaseAsync("readme_src");
        var target = await server.CreateDatabaseAsync("readme_tgt");
        var folder = Directory.CreateTempSubdirectory("pgsnap-readme-").FullName;
        try
        {
            await server.ExecuteAsync(source, "CREATE TABLE public.notes (id int PRIMARY KEY, body text); INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 42) g;");

            var summary = await ReadmeExample.DumpThenRestoreAsync(server.UrlFor(source), server.UrlFor(target), Path.Combine(folder, "app.sql.gz"), CancellationToken.None);

            Assert.Equal(42L, summary.Rows);
            Assert.Equal(42L, await server.ScalarAsync<long>(target, "SELECT count(*) FROM public.notes"));
        }
        finally
        {
            await server.DropDatabaseAsync(source);
            await server.DropDatabaseAsync(target);
            Directory.Delete(folder, recursive: true);
        }
    }
}
