using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.Kling;

/// <summary>
/// Kling's bodies per endpoint: model_name, mode ("std"/"pro" from the route's format), duration as a string, sound
/// "on"/"off", external_task_id (the submission key, made safe), callback_url; image2video image/image_tail; omni-video
/// image_list/video_list; motion-control image_url/video_url; storyboard shots as multi_shot + multi_prompt (unconfirmed).
/// </summary>
public static partial class KlingRequests
{
    /// <summary>The endpoint of a route model that names none.</summary>
    internal const string DefaultEndpoint = "/v1/videos/text2video";

    /// <summary>The external_task_id for a submission key: the key itself when short and plain, else a stable hash of it.</summary>
    public static string ExternalTaskId(string submissionKey)
    {
        ArgumentNullException.ThrowIfNull(submissionKey);
        return SafeKey().IsMatch(submissionKey) ? submissionKey : "sk-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(submissionKey)))[..40];
    }

    public static JsonObject Create(SubmitRequest request, Uri? callback)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = request.Model.Endpoint ?? DefaultEndpoint;
        var body = new JsonObject
        {
            ["model_name"] = request.Model.Model,
            ["prompt"] = request.Job.Prompt,
            ["duration"] = request.Seconds(),
            ["aspect_ratio"] = request.Job.AspectRatio,
            ["external_task_id"] = ExternalTaskId(request.SubmissionKey),
        };
        if (request.Mode() is { } mode)
        {
            body["mode"] = mode;
        }
        if (callback is not null)
        {
            body["callback_url"] = callback.AbsoluteUri;
        }
        var images = request.Of(ReferenceKind.Image);
        var videos = request.Of(ReferenceKind.Video);
        if (endpoint.EndsWith("/motion-control", StringComparison.Ordinal))
        {
            body["image_url"] = images[0].Uri;
            body["video_url"] = videos[0].Uri;
            // Past 10 s the character must follow the video's orientation (S-HF).
            body["character_orientation"] = request.Job.DurationSeconds > 10 ? "video" : "image";
            body["keep_original_sound"] = "no";
            return body;
        }
        body["sound"] = request.WantsAudio() ? "on" : "off";
        if (endpoint.EndsWith("/omni-video", StringComparison.Ordinal))
        {
            var frames = request.Job.InputMode == InputMode.ImageToVideo;
            if (images.Count > 0)
            {
                body["image_list"] = new JsonArray([.. images.Select((image, index) => (JsonNode)(frames
                    ? new JsonObject { ["image_url"] = image.Uri, ["type"] = index == 0 ? "first_frame" : "end_frame" }
                    : new JsonObject { ["image_url"] = image.Uri }))]);
            }
            if (videos.Count > 0)
            {
                body["video_list"] = new JsonArray([.. videos.Select(video => (JsonNode)new JsonObject { ["video_url"] = video.Uri, ["refer_type"] = "feature" })]);
            }
        }
        else if (images.Count > 0)
        {
            body["image"] = images[0].Uri;
            if (images.Count > 1)
            {
                body["image_tail"] = images[1].Uri;
            }
        }
        if (request.Job.Shots.Count > 0)
        {
            body["multi_shot"] = true;
            body["shot_type"] = "customize";
            body["multi_prompt"] = new JsonArray([.. request.Job.Shots.Select((shot, index) => (JsonNode)new JsonObject
            {
                ["index"] = index + 1,
                ["prompt"] = shot.PromptWithType(),
                ["duration"] = shot.Seconds.ToString(CultureInfo.InvariantCulture),
            })]);
        }
        return body;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SafeKey();
}
