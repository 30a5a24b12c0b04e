using System.Text.Json;

namespace Orchestrator.Host.Tests.Support;

/// <summary>Job requests as JSON, one per vendor contract and for the scenarios the tests drive.</summary>
internal static class Requests
{
    /// <summary>A request for one vendor contract, with the route it must take.</summary>
    public sealed record VendorCase(string Contract, string Route, string Json);

    /// <summary>One request per vendor contract; each prompt names the team, so the vendor's job is found by it.</summary>
    public static IEnumerable<VendorCase> PerVendor(string team) =>
    [
        new("openai-videos", "openai/sora-2", Json(team, new { prompt = $"an origami crane unfolding itself ({team})", durationSeconds = 4, route = "openai/sora-2" })),
        new("runway", "runway/gen4", Json(team, new { prompt = $"make it look like winter ({team})", durationSeconds = 5, intent = "edit", references = new[] { new { kind = "video", uri = "https://example.com/summer.mp4", seconds = 5 } } })),
        new("fal-queue", "fal/kling-v3-standard", Json(team, new { prompt = $"a lighthouse at dusk ({team})", durationSeconds = 5 })),
        new("luma", "luma/ray-3", Json(team, new { prompt = $"sunrise over a desert canyon ({team})", durationSeconds = 5, resolution = "540p", hdr = true })),
        new("byteplus-ark", "byteplus/seedance-2.0", Json(team, new { prompt = $"a slow tea ceremony ({team})", durationSeconds = 5, route = "byteplus/seedance-2.0" })),
        new("kling-official", "kling/kling-v3", Json(team, new { prompt = $"a red kite over a beach ({team})", durationSeconds = 5, route = "kling/kling-v3" })),
    ];

    /// <summary>A plain 5 s text-to-video request (routed to fal/kling-v3-standard by rule "default").</summary>
    public static string Simple(string team, string prompt, string? idempotencyKey = null, string? route = null) =>
        Json(team, new { prompt, durationSeconds = 5, idempotencyKey, route });

    public static string Json(string team, object fields)
    {
        var node = JsonSerializer.SerializeToNode(fields, new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull })!.AsObject();
        node.Insert(0, "team", team);
        return node.ToJsonString();
    }
}
