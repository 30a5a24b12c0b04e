using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Benchmarks.Durable;

/// <summary>
/// The "durable" suite: every figure of issue 3, item 8, in one run, next to the published anchors and our targets.
/// Usage: dotnet run -c Release --project tests/Orchestrator.Benchmarks -- durable [--folder PATH] [--only abcdefg]
/// </summary>
public static class DurableBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string folder = Path.Combine(Path.GetTempPath(), "durable-bench", Guid.NewGuid().ToString("N"));
        string only = "abcdefg";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--folder":
                    folder = args[i + 1];
                    break;
                case "--only":
                    only = args[i + 1].Replace(",", "", StringComparison.Ordinal);
                    break;
                default:
                    args = ["?"];
                    break;
            }
        }
        if (args.Length % 2 != 0)
        {
            Console.Error.WriteLine("usage: Orchestrator.Benchmarks durable [--folder PATH] [--only abcdefg]");
            return 2;
        }
        Directory.CreateDirectory(folder);
        Console.WriteLine($"durable engine benchmark: {Environment.ProcessorCount} cores, database folder {folder}, {LoadAverage()}");
        var measure = new DurableMeasurements(folder);
        try
        {
            // Memory first, so earlier phases' heaps do not inflate the resident set.
            (double rssMb, double heapMb) = only.Contains('f') ? await Phase("f  10,000 instances parked on timers", measure.ParkedMemoryAsync) : default;
            double raw = only.Contains('a') || only.Contains('b') ? await Phase("a  raw SQLite commits", measure.RawCommitsPerSecondAsync) : double.NaN;
            (double hello, double commitsPerOrchestration, double steps, double cpuMs) = only.Contains('b') ? await Phase("b  HelloSequence5 x 2,000", measure.HelloSequenceAsync) : default;
            double sequential = only.Contains('c') ? await Phase("c  sequential activities in one instance", measure.SequentialActivitiesAsync) : double.NaN;
            double entityOps = only.Contains('d') ? await Phase("d  entity operations on one entity", measure.EntityOperationsAsync) : double.NaN;
            (double p50, double p99, double max) = only.Contains('e') ? await Phase("e  timer lateness (idle engine)", measure.TimerLatenessAsync) : default;
            double criticalSections = only.Contains('g') ? await Phase("g  lock-then-call critical sections on one entity x 3,000", measure.CriticalSectionsAsync) : double.NaN;

            Console.WriteLine($"finished, {LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| measure | this engine | target (2 cores) | published anchors |");
            Console.WriteLine("|---|---|---|---|");
            // A measure left out with --only says so rather than printing zeros.
            string Ran(char letter, string figure) => only.Contains(letter) ? figure : "not run";
            Row("(a) raw SQLite committed write transactions/s (WAL, synchronous=NORMAL)", double.IsNaN(raw) ? "not run" : F(raw), "-", "-");
            Row("(b) HelloSequence5 orchestrations/s (2,000 instances)", Ran('b', F(hello)), ">= 300", "Netherite 50-300/s");
            Row("    durable steps per orchestration (start, 6 orchestrator steps, 5 activity results)", Ran('b', F(steps)), "-", "-");
            Row("    rate (a) allows at one commit per step: (a) / steps", Ran('b', F(raw / steps)), "-", "-");
            Row("    (b) as a share of that rate", Ran('b', $"{hello / (raw / steps):P0}"), ">= 33%", "-");
            Row("    SQLite commits per orchestration (group commit)", Ran('b', F(commitsPerOrchestration, 2)), "-", "-");
            Row("    CPU time per orchestration, all threads (ms; load-independent)", Ran('b', F(cpuMs, 2)), "-", "-");
            Row("(c) sequential activities/s in one instance", Ran('c', F(sequential)), ">= 500", "Azure Storage 5/s; Netherite 250-350/s");
            Row("(d) entity operations/s on one entity", Ran('d', F(entityOps)), ">= 2,000", "Azure Storage 64/s; Netherite 900-1,900 signals/s");
            Row("(e) timer lateness p50 / p99 / max (ms, 1 ms resolution)", Ran('e', $"{F(p50)} / {F(p99)} / {F(max)}"), "p99 < 100", "Azure Storage: 60 s timer seen at ~80 s");
            Row("(f) resident memory with 10,000 parked instances (MB)", Ran('f', $"{F(rssMb)} (managed heap {F(heapMb)})"), "< 200", "-");
            Row("(g) lock-then-call critical sections/s on one entity (3,000 waiting at once)", Ran('g', F(criticalSections)), "-", "-");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is under the temp directory.
            }
        }
    }

    private static async Task<T> Phase<T>(string name, Func<Task<T>> run)
    {
        Console.Write($"{name} ... ");
        var clock = Stopwatch.StartNew();
        T result = await run();
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s: {result}");
        return result;
    }

    /// <summary>The machine's load (other processes share these cores), where the OS tells it.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? $"load average {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "load average unknown";

    private static void Row(string measure, string ours, string target, string anchor) => Console.WriteLine($"| {measure} | {ours} | {target} | {anchor} |");

    private static string F(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
