namespace Orchestrator.Emulator.Vendors;

/// <summary>
/// Azure AI Content Safety under /azure: POST contentsafety/text:analyze?api-version=2023-10-01 with
/// Ocp-Apim-Subscription-Key; a text containing a flagged term gets Violence severity 4 and a blocklist match when
/// blocklists were named.
/// </summary>
public static class AzureContentSafetyEmulator
{
    private static readonly string[] Categories = ["Hate", "SelfHarm", "Sexual", "Violence"];

    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        app.MapPost("/azure/contentsafety/text:analyze", async (HttpContext http) =>
        {
            if (http.Request.Headers["Ocp-Apim-Subscription-Key"] != context.Options.AzureContentSafetyKey)
            {
                return Results.Json(new { error = new { code = "401", message = "Access denied due to invalid subscription key." } }, statusCode: 401);
            }
            if (http.Request.Query["api-version"] != "2023-10-01")
            {
                return Results.Json(new { error = new { code = "InvalidRequestBody", message = "Unsupported api-version." } }, statusCode: 400);
            }
            var body = await System.Text.Json.Nodes.JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var text = body?["text"]?.ToString();
            if (string.IsNullOrEmpty(text) || text.Length > 10_000)
            {
                return Results.Json(new { error = new { code = "InvalidRequestBody", message = "text must be 1 to 10000 characters." } }, statusCode: 400);
            }
            var term = context.Options.FlaggedTerms.FirstOrDefault(candidate => text.Contains(candidate, StringComparison.OrdinalIgnoreCase));
            var blocklists = (body!["blocklistNames"] as System.Text.Json.Nodes.JsonArray ?? []).Select(name => name?.ToString()).ToList();
            return Results.Json(new
            {
                blocklistsMatch = term is null ? [] : blocklists.Select(name => new { blocklistName = name, blocklistItemId = "emulator-item", blocklistItemText = term }).ToArray(),
                categoriesAnalysis = Categories.Select(category => new { category, severity = term is not null && category == "Violence" ? 4 : 0 }),
            });
        });
    }
}
