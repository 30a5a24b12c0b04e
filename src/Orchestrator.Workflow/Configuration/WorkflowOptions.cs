using Orchestrator.Core.Routing;
using Orchestrator.Workflow.Holds;
using Orchestrator.Workflow.Orchestration;
using Orchestrator.Workflow.Webhooks;

namespace Orchestrator.Workflow.Configuration;

/// <summary>The workflow's settings, bound from <see cref="SectionName"/>; every value has a working default.</summary>
public sealed record WorkflowOptions
{
    public const string SectionName = "Orchestrator:Workflow";

    /// <summary>Clips go to the container "{prefix}-{environment}" (videos-sandbox, videos-staging, videos-production).</summary>
    public string VideoContainerPrefix { get; init; } = "videos";

    /// <summary>The cost rows (one per job attempt).</summary>
    public string CostTable { get; init; } = "JobCosts";

    /// <summary>Submit intents and answers per attempt, and the vendor job id index webhooks are matched by.</summary>
    public string SubmissionTable { get; init; } = "JobSubmissions";

    /// <summary>Webhook deliveries already accepted (replays are refused across every host sharing the storage).</summary>
    public string WebhookDeliveryTable { get; init; } = "WebhookDeliveries";

    /// <summary>
    /// Where vendors call back, ending in '/': the vendor name is appended ("https://host/api/webhooks/" + "fal").
    /// Unset: no webhook URLs are sent and jobs rely on polling alone.
    /// </summary>
    public Uri? WebhookBaseUrl { get; init; }

    /// <summary>Per-route timeouts that replace the route definition's (entries of Route and Timeout).</summary>
    public IList<RouteTimeout> RouteTimeouts { get; init; } = [];

    public JobPolicy Policy { get; init; } = new();

    /// <summary>The sweep that releases the holds of jobs that ended without settling them.</summary>
    public HoldSweepOptions HoldSweep { get; init; } = new();

    /// <summary>The sweep that deletes expired rows of the webhook delivery table.</summary>
    public WebhookDeliverySweepOptions WebhookDeliverySweep { get; init; } = new();

    /// <summary>PEM files of C2PA signer roots (a signer chaining to one is Trusted) and of time-stamp authority roots.</summary>
    public IList<string> ProvenanceTrustAnchors { get; init; } = [];

    public IList<string> ProvenanceTimestampAnchors { get; init; } = [];

    /// <summary>The timeout for a route: the configured override, else the route definition's.</summary>
    public TimeSpan TimeoutFor(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return RouteTimeouts.LastOrDefault(entry => entry.Route == route.Id)?.Timeout ?? route.Timeout;
    }

    /// <summary>The webhook endpoint for a route's vendor, or null when the route has no webhooks or none is configured.</summary>
    public Uri? WebhookFor(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.Webhooks && WebhookBaseUrl is { } baseUrl ? new Uri(baseUrl, Uri.EscapeDataString(route.Vendor)) : null;
    }

    /// <summary>Throws when a value cannot work.</summary>
    public WorkflowOptions Validated(RouteCatalog routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        Policy.Validated();
        HoldSweep.Validate(SectionName);
        WebhookDeliverySweep.Validate(SectionName);
        if (WebhookBaseUrl is { } url && (!url.IsAbsoluteUri || !url.AbsolutePath.EndsWith('/')))
        {
            throw new ArgumentException($"{SectionName}:WebhookBaseUrl must be an absolute URL ending in '/' (it is {url}).");
        }
        foreach (var entry in RouteTimeouts)
        {
            if (routes.Find(entry.Route) is null || entry.Timeout <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{SectionName}:RouteTimeouts: '{entry.Route}' = {entry.Timeout} needs a known route and a positive timeout.");
            }
        }
        return this;
    }
}

/// <summary>One route's timeout (a list of entries binds from configuration keys without '/' in them).</summary>
public sealed record RouteTimeout
{
    public string Route { get; init; } = string.Empty;

    public TimeSpan Timeout { get; init; }
}

/// <summary>
/// Where the workflow's blobs and tables live, bound from <see cref="SectionName"/>: a connection string (Azurite, or an
/// account key), or service URIs used with the host's TokenCredential (managed identity in Azure).
/// </summary>
public sealed record StorageOptions
{
    public const string SectionName = "Orchestrator:Storage";

    public string? ConnectionString { get; init; }

    public Uri? BlobServiceUri { get; init; }

    public Uri? TableServiceUri { get; init; }

    public override string ToString() =>
        $"Storage {(ConnectionString is null ? "(no connection string)" : "(connection string set)")} blob {BlobServiceUri} table {TableServiceUri}";
}
