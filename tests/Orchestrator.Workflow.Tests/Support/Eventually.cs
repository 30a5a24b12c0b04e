namespace Orchestrator.Workflow.Tests.Support;

/// <summary>Waits for a condition with a generous limit (the machine may be loaded); never a tight wall-clock assertion.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {limit ?? TimeSpan.FromSeconds(60)}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
