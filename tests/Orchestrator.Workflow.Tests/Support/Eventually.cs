using System.Diagnostics;

namespace Orchestrator.Workflow.Tests.Support;

/// <summary>Waits for a condition with a generous limit (the machine may be loaded); never a tight wall-clock assertion.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var patience = limit ?? TimeSpan.FromSeconds(60);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > patience)
            {
                throw new TimeoutException($"The condition did not hold within {patience}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
