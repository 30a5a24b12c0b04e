using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.Fal;

/// <summary>
/// The model input fal's queue forwards to each app, by the route's maker: Kling 3.0 (duration "3"-"15" as a string,
/// prompt or multi_prompt storyboard shots, start/end images, generate_audio), Seedance 2.0 (resolution, duration string,
/// image_url/end_image_url, or image_urls/video_urls/audio_urls in request order with the role tags as @image1 etc. in the
/// prompt), Pika 2.2 (resolution, duration 5 or 10 as an integer).
/// </summary>
public static class FalRequests
{
    public static JsonObject Create(SubmitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Route.Maker switch
        {
            "kling" => Kling(request),
            "bytedance" => Seedance(request),
            "pika" => Pika(request),
            _ => throw new NotSupportedException($"No fal request builder for maker '{request.Route.Maker}' (route {request.Route.Id})."),
        };
    }

    private static JsonObject Kling(SubmitRequest request)
    {
        var body = new JsonObject
        {
            ["duration"] = request.Seconds(),
            ["aspect_ratio"] = request.Job.AspectRatio,
            ["generate_audio"] = request.WantsAudio(),
        };
        if (request.Job.Shots.Count > 0)
        {
            body["multi_prompt"] = new JsonArray([.. request.Job.Shots.Select(shot => (JsonNode)new JsonObject
            {
                ["prompt"] = shot.PromptWithType(),
                ["duration"] = shot.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })]);
            body["shot_type"] = "customize";
        }
        else
        {
            body["prompt"] = request.Job.Prompt;
        }
        AddFrames(body, request, "start_image_url", "end_image_url");
        return body;
    }

    private static JsonObject Seedance(SubmitRequest request)
    {
        var body = new JsonObject
        {
            ["prompt"] = request.PromptWithRoles(),
            ["resolution"] = request.Resolution(),
            ["duration"] = request.Seconds(),
            ["aspect_ratio"] = request.Job.AspectRatio,
            ["generate_audio"] = request.WantsAudio(),
        };
        if (request.Job.InputMode == InputMode.ReferenceToVideo)
        {
            AddList(body, "image_urls", request.Of(ReferenceKind.Image));
            AddList(body, "video_urls", request.Of(ReferenceKind.Video));
            AddList(body, "audio_urls", request.Of(ReferenceKind.Audio));
        }
        else
        {
            AddFrames(body, request, "image_url", "end_image_url");
        }
        return body;
    }

    private static JsonObject Pika(SubmitRequest request)
    {
        var body = new JsonObject
        {
            ["prompt"] = request.Job.Prompt,
            ["resolution"] = request.Resolution(),
            ["duration"] = request.Job.DurationSeconds,
            ["aspect_ratio"] = request.Job.AspectRatio,
        };
        AddFrames(body, request, "image_url", null);
        return body;
    }

    private static void AddFrames(JsonObject body, SubmitRequest request, string first, string? last)
    {
        var images = request.Of(ReferenceKind.Image);
        if (images.Count > 0)
        {
            body[first] = images[0].Uri;
        }
        if (images.Count > 1 && last is not null)
        {
            body[last] = images[1].Uri;
        }
    }

    private static void AddList(JsonObject body, string name, IReadOnlyList<JobReference> references)
    {
        if (references.Count > 0)
        {
            body[name] = new JsonArray([.. references.Select(reference => (JsonNode)JsonValue.Create(reference.Uri))]);
        }
    }
}
