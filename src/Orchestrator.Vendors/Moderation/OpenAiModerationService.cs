using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Moderation;
using Orchestrator.Vendors.Http;
using Orchestrator.Vendors.Resilience;

namespace Orchestrator.Vendors.Moderation;

/// <summary>OpenAI moderations: POST /moderations {input, model} -> results[]{flagged, categories{name: bool}}. Throws on failure; the gate applies its fail mode.</summary>
public sealed class OpenAiModerationService : IRemoteModerationService
{
    public const string ServiceName = "openai";
    private readonly OpenAiModerationOptions options;
    private readonly VendorHttp http;

    public OpenAiModerationService(VendorContext context, OpenAiModerationOptions options, VendorResilienceOptions resilience)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        context.Pipelines.Register("openai-moderation", resilience);
        http = new VendorHttp("openai-moderation", context.Http, context.Pipelines, ErrorBodies.ErrorObject, request => request.Headers.Authorization = new("Bearer", options.ApiKey));
    }

    public string Name => ServiceName;

    public async Task<RemoteModerationResult> CheckAsync(string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["input"] = text, ["model"] = options.Model };
        var answer = await http.PostJsonAsync(VendorOperation.Read, new Uri(options.BaseUrl, "moderations"), body, cancellationToken).ConfigureAwait(false);
        var results = JsonRead.Array(answer.Body, "results").ToList();
        if (results.Count == 0)
        {
            throw new VendorRequestException("openai-moderation", VendorErrorKind.Transient, "the answer has no results", answer.Status);
        }
        var categories = results
            .SelectMany(result => JsonRead.Path(result, "categories") is { ValueKind: JsonValueKind.Object } map ? map.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            .Where(category => category.Value.ValueKind == JsonValueKind.True)
            .Select(category => category.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new RemoteModerationResult(results.Any(result => JsonRead.Path(result, "flagged") is { ValueKind: JsonValueKind.True }), categories);
    }
}
