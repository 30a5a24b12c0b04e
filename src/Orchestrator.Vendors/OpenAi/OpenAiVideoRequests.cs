using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.OpenAi;

/// <summary>
/// POST /videos for a job: seconds as a string ("4", "8", "12"), size as WIDTHxHEIGHT from the route, one image as
/// input_reference {image_url}. Sora always renders audio: nothing to send for it.
/// </summary>
public static class OpenAiVideoRequests
{
    public static JsonObject Create(SubmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject
        {
            ["model"] = request.Model.Model,
            ["prompt"] = request.Job.Prompt,
            ["seconds"] = request.Seconds(),
            ["size"] = request.Size(),
        };
        if (request.Of(ReferenceKind.Image) is [var image, ..])
        {
            body["input_reference"] = new JsonObject { ["image_url"] = image.Uri };
        }
        return body;
    }
}
