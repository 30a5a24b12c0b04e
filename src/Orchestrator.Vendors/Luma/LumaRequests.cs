using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.Luma;

/// <summary>
/// Luma's POST /generations/video body: duration as "5s"/"9s", resolution "720p", images as keyframes frame0/frame1, and
/// the signed callback_url.
/// </summary>
public static class LumaRequests
{
    public static JsonObject Create(SubmitRequest request, Uri? callback)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject
        {
            ["model"] = request.Model.Model,
            ["prompt"] = request.Job.Prompt,
            ["aspect_ratio"] = request.Job.AspectRatio,
            ["resolution"] = request.Resolution(),
            ["duration"] = $"{request.Seconds()}s",
            ["loop"] = false,
        };
        var images = request.Of(ReferenceKind.Image);
        if (images.Count > 0)
        {
            var keyframes = new JsonObject();
            for (var index = 0; index < Math.Min(images.Count, 2); index++)
            {
                keyframes[$"frame{index}"] = new JsonObject { ["type"] = "image", ["url"] = images[index].Uri };
            }
            body["keyframes"] = keyframes;
        }
        if (callback is not null)
        {
            body["callback_url"] = callback.AbsoluteUri;
        }
        return body;
    }
}
