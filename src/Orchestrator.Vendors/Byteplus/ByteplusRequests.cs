using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Vendors.Byteplus;

/// <summary>
/// ModelArk's POST /contents/generations/tasks body: content[] with the text first (role tags appended as @image1 etc.),
/// then image_url / video_url / audio_url items in request order, each with a role (first_frame / last_frame for
/// image-to-video; reference_image / reference_video / reference_audio for reference-to-video); duration as an integer.
/// </summary>
public static class ByteplusRequests
{
    public static JsonObject Create(SubmitRequest request, Uri? callback)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = request.PromptWithRoles() } };
        var frames = request.Job.InputMode == InputMode.ImageToVideo;
        var imageIndex = 0;
        foreach (var reference in request.Job.References)
        {
            var (type, role) = reference.Kind switch
            {
                ReferenceKind.Image when frames => ("image_url", imageIndex++ == 0 ? "first_frame" : "last_frame"),
                ReferenceKind.Image => ("image_url", "reference_image"),
                ReferenceKind.Video => ("video_url", "reference_video"),
                _ => ("audio_url", "reference_audio"),
            };
            content.Add(new JsonObject { ["type"] = type, [type] = new JsonObject { ["url"] = reference.Uri }, ["role"] = role });
        }
        var body = new JsonObject
        {
            ["model"] = request.Model.Model,
            ["content"] = content,
            ["resolution"] = request.Resolution(),
            ["ratio"] = request.Job.AspectRatio,
            ["duration"] = request.Job.DurationSeconds,
            ["generate_audio"] = request.WantsAudio(),
            ["watermark"] = false,
        };
        if (callback is not null)
        {
            body["callback_url"] = callback.AbsoluteUri;
        }
        return body;
    }
}
