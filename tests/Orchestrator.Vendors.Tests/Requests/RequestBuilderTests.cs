using System.Text.Json.Nodes;
using Orchestrator.Core.Jobs;
using Orchestrator.Vendors.Byteplus;
using Orchestrator.Vendors.Fal;
using Orchestrator.Vendors.Kling;
using Orchestrator.Vendors.Luma;
using Orchestrator.Vendors.OpenAi;
using Orchestrator.Vendors.Runway;
using Orchestrator.Vendors.Tests.Support;

namespace Orchestrator.Vendors.Tests.Requests;

/// <summary>Each vendor's request body, built from a job request and the route catalog: types, names and values as the vendor wants them.</summary>
public sealed class RequestBuilderTests
{
    private static readonly JobReference Start = new(ReferenceKind.Image, "https://example.com/start.png");
    private static readonly JobReference End = new(ReferenceKind.Image, "https://example.com/end.png");
    private static readonly Uri Callback = new("https://hooks.example.com/luma?sk=k&exp=1&sig=s");

    [Fact]
    public void OpenAI_sends_seconds_as_a_string_the_routes_size_and_one_input_reference()
    {
        var body = OpenAiVideoRequests.Create(Jobs.Submit("openai/sora-2-pro", Jobs.Request("a fox", 8, Resolution.P1080, "9:16", references: [Start])));

        Assert.Equal("sora-2-pro", Text(body, "model"));
        Assert.Equal("8", Text(body, "seconds"));
        Assert.Equal("1080x1920", Text(body, "size"));
        Assert.Equal(Start.Uri, Text(body["input_reference"]!, "image_url"));
        Assert.False(body.ContainsKey("audio"));
    }

    [Fact]
    public void Runway_sends_camelCase_an_integer_duration_a_colon_ratio_and_positioned_images()
    {
        var body = RunwayRequests.Create(Jobs.Submit("runway/gen4", Jobs.Request("a fox", 10, ratio: "21:9", references: [Start, End])));

        Assert.Equal("gen4.5", Text(body, "model"));
        Assert.Equal("a fox", Text(body, "promptText"));
        Assert.Equal("1584:672", Text(body, "ratio"));
        Assert.Equal(10, body["duration"]!.GetValue<int>());
        var images = body["promptImage"]!.AsArray();
        Assert.Equal(("first", Start.Uri), (Text(images[0]!, "position"), Text(images[0]!, "uri")));
        Assert.Equal(("last", End.Uri), (Text(images[1]!, "position"), Text(images[1]!, "uri")));
    }

    [Fact]
    public void Runway_video_to_video_sends_the_footage_and_image_references_without_a_duration()
    {
        var request = Jobs.Submit("runway/gen4", Jobs.Request("relight the scene", 5, references: [new(ReferenceKind.Video, "https://example.com/take.mp4"), Start], intent: JobIntent.Edit));
        var body = RunwayRequests.Create(request);

        Assert.Equal("/v1/video_to_video", request.Model.Endpoint);
        Assert.Equal("aleph2", Text(body, "model"));
        Assert.Equal("https://example.com/take.mp4", Text(body, "videoUri"));
        Assert.Equal(Start.Uri, Text(body["references"]![0]!, "uri"));
        Assert.False(body.ContainsKey("duration"));
    }

    [Fact]
    public void Fal_Kling_sends_storyboard_shots_as_multi_prompt_with_string_durations()
    {
        Shot[] shots = [new(5, "wide city", "wide"), new(3, "a face", "close_up"), new(2, "the door")];
        var body = FalRequests.Create(Jobs.Submit("fal/kling-v3-pro", Jobs.Request("story", 10, Resolution.P1080, audio: AudioMode.Native, shots: shots)));

        Assert.False(body.ContainsKey("prompt"));
        Assert.Equal("10", Text(body, "duration"));
        Assert.Equal("customize", Text(body, "shot_type"));
        Assert.True(body["generate_audio"]!.GetValue<bool>());
        var prompts = body["multi_prompt"]!.AsArray();
        Assert.Equal(["5", "3", "2"], prompts.Select(shot => Text(shot!, "duration")));
        Assert.Equal("a face (close up shot)", Text(prompts[1]!, "prompt"));
    }

    [Fact]
    public void Fal_Kling_sends_start_and_end_frames_and_audio_off()
    {
        var body = FalRequests.Create(Jobs.Submit("fal/kling-v3-standard", Jobs.Request("a fox", 7, references: [Start, End])));

        Assert.Equal("a fox", Text(body, "prompt"));
        Assert.Equal("7", Text(body, "duration"));
        Assert.Equal(Start.Uri, Text(body, "start_image_url"));
        Assert.Equal(End.Uri, Text(body, "end_image_url"));
        Assert.False(body["generate_audio"]!.GetValue<bool>());
    }

    [Fact]
    public void Fal_Seedance_reference_to_video_sends_references_in_order_with_role_tags_in_the_prompt()
    {
        JobReference[] references =
        [
            new(ReferenceKind.Image, "https://example.com/hero.png", ReferenceRole.Character),
            new(ReferenceKind.Image, "https://example.com/can.png", ReferenceRole.Product),
            new(ReferenceKind.Video, "https://example.com/street.mp4", ReferenceRole.Scene, 4),
            new(ReferenceKind.Audio, "https://example.com/theme.mp3"),
        ];
        var request = Jobs.Submit("fal/seedance-2.0", Jobs.Request("the hero drinks", 6, audio: AudioMode.Native, references: references));
        var body = FalRequests.Create(request);

        Assert.Equal("bytedance/seedance-2.0/reference-to-video", request.Model.Model);
        Assert.Equal("6", Text(body, "duration"));
        Assert.Equal("720p", Text(body, "resolution"));
        Assert.Equal(["https://example.com/hero.png", "https://example.com/can.png"], body["image_urls"]!.AsArray().Select(url => url!.GetValue<string>()));
        Assert.Equal("https://example.com/street.mp4", body["video_urls"]![0]!.GetValue<string>());
        Assert.Equal("https://example.com/theme.mp3", body["audio_urls"]![0]!.GetValue<string>());
        Assert.Equal("the hero drinks\n@image1 is the character; @image2 is the product; @video1 is the scene.", Text(body, "prompt"));
    }

    [Fact]
    public void Fal_Pika_sends_an_integer_duration()
    {
        var body = FalRequests.Create(Jobs.Submit("fal/pika-v2.2", Jobs.Request("a fox", 10, Resolution.P1080)));

        Assert.Equal(10, body["duration"]!.GetValue<int>());
        Assert.Equal("1080p", Text(body, "resolution"));
    }

    [Fact]
    public void Luma_sends_duration_with_an_s_keyframes_and_the_callback()
    {
        var body = LumaRequests.Create(Jobs.Submit("luma/ray-3", Jobs.Request("a fox", 9, Resolution.P1080, "21:9", references: [Start, End])), Callback);

        Assert.Equal("9s", Text(body, "duration"));
        Assert.Equal("1080p", Text(body, "resolution"));
        Assert.Equal("21:9", Text(body, "aspect_ratio"));
        Assert.Equal(Start.Uri, Text(body["keyframes"]!["frame0"]!, "url"));
        Assert.Equal(End.Uri, Text(body["keyframes"]!["frame1"]!, "url"));
        Assert.Equal(Callback.AbsoluteUri, Text(body, "callback_url"));
    }

    [Fact]
    public void BytePlus_sends_content_items_with_frame_roles_and_an_integer_duration()
    {
        var body = ByteplusRequests.Create(Jobs.Submit("byteplus/seedance-2.0", Jobs.Request("a fox", 12, audio: AudioMode.Native, references: [Start, End])), Callback);

        var content = body["content"]!.AsArray();
        Assert.Equal(("text", "a fox"), (Text(content[0]!, "type"), Text(content[0]!, "text")));
        Assert.Equal(("first_frame", Start.Uri), (Text(content[1]!, "role"), Text(content[1]!["image_url"]!, "url")));
        Assert.Equal("last_frame", Text(content[2]!, "role"));
        Assert.Equal(12, body["duration"]!.GetValue<int>());
        Assert.True(body["generate_audio"]!.GetValue<bool>());
        Assert.Equal("16:9", Text(body, "ratio"));
    }

    [Fact]
    public void BytePlus_reference_to_video_tags_each_reference()
    {
        JobReference[] references = [new(ReferenceKind.Image, "https://example.com/hero.png", ReferenceRole.Character), new(ReferenceKind.Audio, "https://example.com/a.mp3")];
        var body = ByteplusRequests.Create(Jobs.Submit("byteplus/seedance-2.0", Jobs.Request("go", 5, references: references)), null);

        var content = body["content"]!.AsArray();
        Assert.Equal(["text", "image_url", "audio_url"], content.Select(item => Text(item!, "type")));
        Assert.Equal(["reference_image", "reference_audio"], content.Skip(1).Select(item => Text(item!, "role")));
        Assert.EndsWith("@image1 is the character.", Text(content[0]!, "text"), StringComparison.Ordinal);
        Assert.False(body.ContainsKey("callback_url"));
    }

    [Fact]
    public void Kling_sends_mode_string_duration_sound_and_the_submission_key_as_external_task_id()
    {
        var body = KlingRequests.Create(Jobs.Submit("kling/kling-v3", Jobs.Request("a fox", 10, Resolution.P1080, audio: AudioMode.Native), key: "wf-42-a1"), Callback);

        Assert.Equal("kling-v3", Text(body, "model_name"));
        Assert.Equal("pro", Text(body, "mode"));
        Assert.Equal("10", Text(body, "duration"));
        Assert.Equal("on", Text(body, "sound"));
        Assert.Equal("wf-42-a1", Text(body, "external_task_id"));
        Assert.Equal(Callback.AbsoluteUri, Text(body, "callback_url"));
    }

    [Fact]
    public void Kling_image2video_storyboard_and_motion_control_bodies()
    {
        var image = KlingRequests.Create(Jobs.Submit("kling/kling-v3", Jobs.Request("a fox", 5, references: [Start, End])), null);
        Assert.Equal((Start.Uri, End.Uri, "std", "off"), (Text(image, "image"), Text(image, "image_tail"), Text(image, "mode"), Text(image, "sound")));

        var story = KlingRequests.Create(Jobs.Submit("kling/kling-v3", Jobs.Request("story", 15, shots: [new(5, "one"), new(10, "two", "dolly_in")])), null);
        Assert.True(story["multi_shot"]!.GetValue<bool>());
        Assert.Equal([1, 2], story["multi_prompt"]!.AsArray().Select(shot => shot!["index"]!.GetValue<int>()));
        Assert.Equal("10", Text(story["multi_prompt"]![1]!, "duration"));

        var motion = KlingRequests.Create(Jobs.Submit("kling/kling-v3-motion-control",
            Jobs.Request("dance", 20, references: [new(ReferenceKind.Image, "https://example.com/hero.png", ReferenceRole.Character), new(ReferenceKind.Video, "https://example.com/moves.mp4", ReferenceRole.Motion)])), null);
        Assert.Equal(("https://example.com/hero.png", "https://example.com/moves.mp4", "video"), (Text(motion, "image_url"), Text(motion, "video_url"), Text(motion, "character_orientation")));
        Assert.False(motion.ContainsKey("sound"));
    }

    [Fact]
    public void Kling_external_task_id_is_the_key_when_plain_and_a_stable_hash_otherwise()
    {
        Assert.Equal("wf-1_a.2", KlingRequests.ExternalTaskId("wf-1_a.2"));
        var hashed = KlingRequests.ExternalTaskId("orchestration:instance/with spaces#attempt-3");
        Assert.StartsWith("sk-", hashed, StringComparison.Ordinal);
        Assert.Equal(43, hashed.Length);
        Assert.Equal(hashed, KlingRequests.ExternalTaskId("orchestration:instance/with spaces#attempt-3"));
        Assert.NotEqual(hashed, KlingRequests.ExternalTaskId("orchestration:instance/with spaces#attempt-4"));
    }

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
}
