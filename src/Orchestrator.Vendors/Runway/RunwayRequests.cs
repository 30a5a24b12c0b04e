using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.Runway;

/// <summary>
/// Runway's camelCase bodies: promptText, ratio as "1280:720" from the route, duration as an integer; image_to_video takes
/// promptImage [{uri, position: first|last}]; video_to_video takes videoUri and image references.
/// </summary>
public static class RunwayRequests
{
    public static JsonObject Create(SubmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject
        {
            ["model"] = request.Model.Model,
            ["promptText"] = request.Job.Prompt,
            ["ratio"] = request.Size(':'),
        };
        var images = request.Of(ReferenceKind.Image);
        if (request.Job.InputMode == InputMode.VideoToVideo)
        {
            body["videoUri"] = request.Of(ReferenceKind.Video)[0].Uri;
            if (images.Count > 0)
            {
                body["references"] = new JsonArray([.. images.Select(image => (JsonNode)new JsonObject { ["type"] = "image", ["uri"] = image.Uri })]);
            }
            return body;
        }
        body["duration"] = request.Job.DurationSeconds;
        if (images.Count > 0)
        {
            body["promptImage"] = new JsonArray([.. images.Select((image, index) => (JsonNode)new JsonObject { ["uri"] = image.Uri, ["position"] = index == 0 ? "first" : "last" })]);
        }
        return body;
    }
}
