using System.Globalization;

namespace PgSnap.Benchmarks.EndToEnd;

/// <summary>What <c>/usr/bin/time</c> reports for one process: wall seconds, user+sys CPU seconds, peak RSS.</summary>
internal sealed record ProcessMeasure(double Wall, double Cpu, long RssKb);

/// <summary>Runs a program under <c>/usr/bin/time</c> and fails with its stderr when it fails.</summary>
internal static class TimedProcess
{
    public static async Task<ProcessMeasure> RunAsync(string program, IReadOnlyList<string> args, IDictionary<string, string?>? env)
    {
        if (!File.Exists("/usr/bin/time"))
        {
            throw new InvalidOperationException("the benchmark needs /usr/bin/time (apt-get install time)");
        }

        var timeFile = Path.GetTempFileName();
        try
        {
            var (code, _, stderr) = await Exec.RunAsync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, program, .. args], env);
            if (code != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args.Take(4))} failed ({code}): {stderr}");
            }

            var parts = (await File.ReadAllTextAsync(timeFile)).Trim().Split('\n')[^1].Split(' ');
            double D(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
            return new ProcessMeasure(D(0), D(1) + D(2), long.Parse(parts[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(timeFile);
        }
    }
}
