using System.Text.Json.Nodes;
using Orchestrator.Core.Moderation;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;

namespace Orchestrator.Vendors.Moderation;

/// <summary>
/// Azure AI Content Safety: POST {endpoint}/contentsafety/text:analyze?api-version=2023-10-01 with Ocp-Apim-Subscription-Key,
/// {text, categories, blocklistNames, outputType} -> categoriesAnalysis[]{category, severity}, blocklistsMatch[]. A category
/// at or above the threshold, or any blocklist match, flags the text. Texts longer than the service's 10,000 characters
/// are checked in pieces.
/// </summary>
public sealed class AzureContentSafetyService : IRemoteModerationService
{
    public const string ServiceName = "azure-content-safety";
    public const int MaxTextLength = 10_000;
    private readonly AzureContentSafetyOptions options;
    private readonly VendorHttp http;

    public AzureContentSafetyService(VendorContext context, AzureContentSafetyOptions options, VendorResilienceOptions resilience)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null)
        {
            throw new ArgumentException("Azure AI Content Safety needs an endpoint (Orchestrator:Vendors:AzureContentSafety:Endpoint).", nameof(options));
        }
        this.options = options;
        context.Pipelines.Register(ServiceName, resilience);
        http = new VendorHttp(ServiceName, context.Http, context.Pipelines, ErrorBodies.ErrorObject, request => request.Headers.Add("Ocp-Apim-Subscription-Key", options.ApiKey));
    }

    public string Name => ServiceName;

    public async Task<RemoteModerationResult> CheckAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < Math.Max(text.Length, 1); start += MaxTextLength)
        {
            var piece = text.Substring(start, Math.Min(MaxTextLength, text.Length - start));
            var body = new JsonObject
            {
                ["text"] = piece,
                ["categories"] = new JsonArray("Hate", "SelfHarm", "Sexual", "Violence"),
                ["blocklistNames"] = new JsonArray([.. options.BlocklistNames.Select(name => (JsonNode)JsonValue.Create(name))]),
                ["outputType"] = "FourSeverityLevels",
            };
            var url = new Uri(options.Endpoint!, $"contentsafety/text:analyze?api-version={Uri.EscapeDataString(options.ApiVersion)}");
            var answer = await http.PostJsonAsync(VendorOperation.Read, url, body, cancellationToken).ConfigureAwait(false);
            foreach (var analysis in JsonRead.Array(answer.Body, "categoriesAnalysis"))
            {
                if (JsonRead.Int(analysis, "severity") >= options.SeverityThreshold && JsonRead.String(analysis, "category") is { } category)
                {
                    categories.Add(category);
                }
            }
            foreach (var match in JsonRead.Array(answer.Body, "blocklistsMatch"))
            {
                categories.Add($"blocklist:{JsonRead.String(match, "blocklistName")}");
            }
        }
        return new RemoteModerationResult(categories.Count > 0, [.. categories]);
    }
}
