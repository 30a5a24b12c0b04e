using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.Support;

/// <summary>
/// One in-process host shared by the tests of the "main stack" collection (they run one after another and each uses its
/// own team names). Luma jobs time out after 3 s here, so the timeout test does not wait for a real route's hour.
/// </summary>
public sealed class MainStack : IAsyncLifetime
{
    public const string TimeoutRoute = "luma/ray-3";

    private readonly AzuriteFixture azurite = new();

    public HostStack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Stack = await HostStack.StartAsync(azurite, settings =>
        {
            settings["Orchestrator:Workflow:RouteTimeouts:0:Route"] = TimeoutRoute;
            settings["Orchestrator:Workflow:RouteTimeouts:0:Timeout"] = "00:00:03";
        });
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MainStackCollection : ICollectionFixture<MainStack>
{
    public const string Name = "main stack";
}
