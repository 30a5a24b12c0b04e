using System.Text.Json;
using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Tests.Jobs;

public sealed class JobRequestParserTests
{
    private static readonly JobRequestVocabulary Vocabulary = new(
        new HashSet<string> { "fal/kling-v3-standard", "kling/kling-v3" },
        new HashSet<string> { "S-AVB", "S-FORA" });

    private static JobRequestParseResult Parse(string json) => new JobRequestParser(Vocabulary).Parse(json);

    private static void AssertError(JobRequestParseResult result, string path, string code, string? messagePart = null)
    {
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Path == path && error.Code == code && (messagePart is null || error.Message.Contains(messagePart, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_minimal_request_gets_the_documented_defaults()
    {
        var result = Parse("""{"team":"studio-a","prompt":"a red kite over dunes","durationSeconds":5}""");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var request = result.Request!;
        Assert.Equal(JobEnvironment.Sandbox, request.Environment);
        Assert.Equal(Resolution.P720, request.Resolution);
        Assert.Equal("16:9", request.AspectRatio);
        Assert.Equal(AudioMode.None, request.Audio);
        Assert.Equal(JobIntent.Generate, request.Intent);
        Assert.Equal(JobRequest.AutoRoute, request.Route);
        Assert.False(request.IsRoutePinned);
        Assert.Equal(InputMode.TextToVideo, request.InputMode);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_full_request_reads_every_field_and_survives_a_round_trip()
    {
        var json = """
        {
          "team": "studio-a", "environment": "production", "prompt": "product spin", "durationSeconds": 10,
          "resolution": "1080p", "aspectRatio": "9:16", "audio": "native+voice",
          "references": [
            {"kind": "image", "uri": "https://cdn.example.com/hero.png", "role": "character"},
            {"kind": "video", "uri": "https://cdn.example.com/clip.mp4", "seconds": 4.5},
            {"kind": "audio", "uri": "https://cdn.example.com/voice.wav", "role": "voice", "seconds": 3}
          ],
          "shots": [{"shotType": "wide", "seconds": 4, "prompt": "wide"}, {"seconds": 6, "prompt": "close", "shotType": "close_up"}],
          "intent": "generate", "hdr": false, "route": "kling/kling-v3", "priceSource": "S-FORA", "maxRegenerations": 2,
          "idempotencyKey": "order-42:v1", "tags": {"campaign": "spring", "quality": "draft"}
        }
        """;

        var request = Parse(json).Request!;

        Assert.Equal(JobEnvironment.Production, request.Environment);
        Assert.Equal(Resolution.P1080, request.Resolution);
        Assert.Equal(AudioMode.NativeVoice, request.Audio);
        Assert.Equal(3, request.References.Count);
        Assert.Equal(ReferenceRole.Voice, request.References[2].Role);
        Assert.Equal(4.5m, request.References[1].Seconds);
        Assert.Equal("close_up", request.Shots[1].ShotType);
        Assert.True(request.IsRoutePinned);
        Assert.Equal("S-FORA", request.PriceSource);
        Assert.Equal(2, request.MaxRegenerations);
        Assert.Equal("draft", request.Tags["quality"]);
        Assert.Equal(InputMode.ReferenceToVideo, request.InputMode);

        var written = JsonSerializer.Serialize(request, CoreJson.Options);
        Assert.Contains("\"audio\":\"native+voice\"", written, StringComparison.Ordinal);
        Assert.Contains("\"resolution\":\"1080p\"", written, StringComparison.Ordinal);
        var reparsed = Parse(written);
        Assert.True(reparsed.IsValid, string.Join("\n", reparsed.Errors));
        Assert.Equal(written, JsonSerializer.Serialize(reparsed.Request, CoreJson.Options));
    }

    [Fact]
    public void Every_problem_is_reported_together_with_its_json_path()
    {
        var json = """
        {
          "team": "studio a", "prompt": 42, "durationSeconds": 45, "resolution": "8k", "aspectRatio": "wide",
          "references": [
            {"kind": "image", "uri": "https://x.example/a.png"},
            {"kind": "image", "uri": "ftp://x.example/b.png", "role": "villain", "colour": "red"}
          ],
          "hdr": "yes", "maxRegenerations": -1, "Tags": {}, "extra": true
        }
        """;

        var result = Parse(json);

        AssertError(result, "$.team", JobRequestErrorCodes.InvalidFormat);
        AssertError(result, "$.prompt", JobRequestErrorCodes.WrongType, "must be a string");
        AssertError(result, "$.durationSeconds", JobRequestErrorCodes.OutOfRange, "from 1 to 30 (got 45)");
        AssertError(result, "$.resolution", JobRequestErrorCodes.InvalidValue, "'8k' is not one of 480p, 540p, 720p, 1080p, 4k");
        AssertError(result, "$.aspectRatio", JobRequestErrorCodes.InvalidFormat);
        AssertError(result, "$.references[1].uri", JobRequestErrorCodes.InvalidFormat);
        AssertError(result, "$.references[1].role", JobRequestErrorCodes.InvalidValue, "'villain'");
        AssertError(result, "$.references[1].colour", JobRequestErrorCodes.UnknownField);
        AssertError(result, "$.hdr", JobRequestErrorCodes.WrongType);
        AssertError(result, "$.maxRegenerations", JobRequestErrorCodes.OutOfRange);
        AssertError(result, "$.Tags", JobRequestErrorCodes.UnknownField, "did you mean 'tags'?");
        AssertError(result, "$.extra", JobRequestErrorCodes.UnknownField);
        Assert.Equal(12, result.Errors.Count);
        Assert.Null(result.Request);
    }

    [Theory]
    [InlineData("{\"team\":", JobRequestErrorCodes.InvalidJson)]
    [InlineData("[1,2]", JobRequestErrorCodes.WrongType)]
    [InlineData("{\"team\":\"a\",\"team\":\"b\",\"prompt\":\"p\",\"durationSeconds\":5}", JobRequestErrorCodes.DuplicateField)]
    [InlineData("{\"team\":\"a\",\"prompt\":\"p\",\"durationSeconds\":5,}", JobRequestErrorCodes.InvalidJson)]
    public void Malformed_documents_are_refused_with_one_clear_error(string json, string code)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Code == code);
    }

    [Fact]
    public void Invalid_json_says_where()
    {
        var result = Parse("{\n  \"team\": \"a\",\n  \"prompt\": oops\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"durationSeconds\":5.5}", "$.durationSeconds", JobRequestErrorCodes.WrongType)]
    [InlineData("{\"durationSeconds\":\"5\"}", "$.durationSeconds", JobRequestErrorCodes.WrongType)]
    [InlineData("{}", "$.durationSeconds", JobRequestErrorCodes.Required)]
    [InlineData("{\"durationSeconds\":5,\"prompt\":\"   \"}", "$.prompt", JobRequestErrorCodes.Required)]
    [InlineData("{\"durationSeconds\":5,\"team\":null}", "$.team", JobRequestErrorCodes.Required)]
    [InlineData("{\"durationSeconds\":5,\"route\":\"Fal Kling\"}", "$.route", JobRequestErrorCodes.InvalidFormat)]
    [InlineData("{\"durationSeconds\":5,\"route\":\"fal/unknown\"}", "$.route", JobRequestErrorCodes.InvalidValue)]
    [InlineData("{\"durationSeconds\":5,\"priceSource\":\"S-NOPE\"}", "$.priceSource", JobRequestErrorCodes.InvalidValue)]
    [InlineData("{\"durationSeconds\":5,\"idempotencyKey\":\"has space\"}", "$.idempotencyKey", JobRequestErrorCodes.InvalidFormat)]
    [InlineData("{\"durationSeconds\":5,\"tags\":{\"bad key\":\"x\"}}", "$.tags['bad key']", JobRequestErrorCodes.InvalidFormat)]
    [InlineData("{\"durationSeconds\":5,\"tags\":{\"n\":1}}", "$.tags.n", JobRequestErrorCodes.WrongType)]
    [InlineData("{\"durationSeconds\":5,\"shots\":[{\"seconds\":5,\"prompt\":\"a\",\"shotType\":\"zoom\"}]}", "$.shots[0].shotType", JobRequestErrorCodes.InvalidValue)]
    [InlineData("{\"durationSeconds\":5,\"references\":[{\"uri\":\"https://x.example/a\"}]}", "$.references[0].kind", JobRequestErrorCodes.Required)]
    [InlineData("{\"durationSeconds\":5,\"references\":[{\"kind\":\"image\",\"uri\":\"https://x.example/a\",\"seconds\":0}]}", "$.references[0].seconds", JobRequestErrorCodes.OutOfRange)]
    public void Single_field_rules(string fields, string path, string code)
    {
        var body = fields[1..^1];
        var json = "{" + (fields.Contains("\"team\"", StringComparison.Ordinal) ? string.Empty : "\"team\":\"t\",")
            + (fields.Contains("\"prompt\"", StringComparison.Ordinal) ? string.Empty : "\"prompt\":\"p\",") + body + "}";

        AssertError(Parse(json.Replace(",}", "}", StringComparison.Ordinal)), path, code);
    }

    [Fact]
    public void Limits_at_the_edge_pass_and_one_past_fail()
    {
        string Body(int promptLength, int seconds) => $$"""{"team":"t","prompt":"{{new string('a', promptLength)}}","durationSeconds":{{seconds}}}""";

        Assert.True(Parse(Body(JobRequestLimits.MaxPromptLength, 30)).IsValid);
        Assert.True(Parse(Body(1, 1)).IsValid);
        AssertError(Parse(Body(JobRequestLimits.MaxPromptLength + 1, 5)), "$.prompt", JobRequestErrorCodes.TooLong, "32001");
        AssertError(Parse(Body(5, 0)), "$.durationSeconds", JobRequestErrorCodes.OutOfRange);
        AssertError(Parse(Body(5, 31)), "$.durationSeconds", JobRequestErrorCodes.OutOfRange);
    }

    [Fact]
    public void A_request_over_one_mebibyte_is_refused_before_parsing()
    {
        var result = new JobRequestParser().Parse(new byte[JobRequestLimits.MaxRequestBytes + 1]);

        AssertError(result, "$", JobRequestErrorCodes.TooLarge);
    }

    [Fact]
    public void Shots_must_add_up_to_the_duration_and_give_it_when_it_is_missing()
    {
        const string shots = "\"shots\":[{\"seconds\":3,\"prompt\":\"a\"},{\"seconds\":3,\"prompt\":\"b\"},{\"seconds\":4,\"prompt\":\"c\"}]";

        var derived = Parse($"{{\"team\":\"t\",\"prompt\":\"p\",{shots}}}");
        Assert.True(derived.IsValid, string.Join("\n", derived.Errors));
        Assert.Equal(10, derived.Request!.DurationSeconds);

        AssertError(Parse($"{{\"team\":\"t\",\"prompt\":\"p\",\"durationSeconds\":12,{shots}}}"), "$.shots", JobRequestErrorCodes.Inconsistent, "add up to 10 s but durationSeconds is 12");

        var tooLong = "\"shots\":[" + string.Join(',', Enumerable.Repeat("{\"seconds\":15,\"prompt\":\"x\"}", 3)) + "]";
        AssertError(Parse($"{{\"team\":\"t\",\"prompt\":\"p\",{tooLong}}}"), "$.shots", JobRequestErrorCodes.OutOfRange, "45 s");
    }

    [Theory]
    [InlineData("""[{"kind":"image","uri":"https://x.example/a","role":"voice"}]""", "$.references[0].role", "role 'voice' needs an audio reference")]
    [InlineData("""[{"kind":"audio","uri":"https://x.example/a","role":"style"}]""", "$.references[0].role", "only have role 'voice'")]
    [InlineData("""[{"kind":"image","uri":"https://x.example/a","role":"motion"}]""", "$.references[0].role", "role 'motion' needs a video reference")]
    [InlineData("""[{"kind":"video","uri":"https://x.example/a","role":"motion"}]""", "$.references", "needs an image of the character")]
    [InlineData("""[{"kind":"image","uri":"https://x.example/a","seconds":3}]""", "$.references[0].seconds", "only video and audio")]
    public void Reference_roles_must_fit_their_kinds(string references, string path, string message)
    {
        var result = Parse($$"""{"team":"t","prompt":"p","durationSeconds":5,"audio":"native","references":{{references}}}""");

        Assert.Contains(result.Errors, error => error.Path == path && error.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Reference_counts_are_capped_per_kind()
    {
        var images = string.Join(',', Enumerable.Range(0, 10).Select(i => $$"""{"kind":"image","uri":"https://x.example/{{i}}.png"}"""));

        AssertError(Parse($$"""{"team":"t","prompt":"p","durationSeconds":5,"references":[{{images}}]}"""), "$.references", JobRequestErrorCodes.TooMany, "at most 9 image references are accepted (got 10)");
    }

    [Fact]
    public void Cross_field_rules_for_edit_and_voice()
    {
        AssertError(Parse("""{"team":"t","prompt":"p","durationSeconds":5,"intent":"edit"}"""), "$.intent", JobRequestErrorCodes.Inconsistent, "needs a video reference");
        AssertError(Parse("""{"team":"t","prompt":"p","durationSeconds":5,"references":[{"kind":"audio","uri":"https://x.example/v.wav","role":"voice"}]}"""),
            "$.audio", JobRequestErrorCodes.Inconsistent);
        AssertError(Parse("""{"team":"t","prompt":"p","intent":"edit","references":[{"kind":"video","uri":"https://x.example/v.mp4"}],"shots":[{"seconds":5,"prompt":"a"}]}"""),
            "$.shots", JobRequestErrorCodes.Inconsistent);
    }

    [Fact]
    public void Cross_field_rules_still_run_when_other_fields_are_wrong()
    {
        var result = Parse("""{"team":"t","prompt":"p","durationSeconds":12,"unknown":1,"shots":[{"seconds":5,"prompt":"a"},{"seconds":5,"prompt":"b"}]}""");

        AssertError(result, "$.unknown", JobRequestErrorCodes.UnknownField);
        AssertError(result, "$.shots", JobRequestErrorCodes.Inconsistent);
    }

    [Fact]
    public void The_validator_checks_requests_built_in_code()
    {
        var request = new JobRequest { Team = "t", Prompt = "p", DurationSeconds = 5, Intent = JobIntent.Edit };

        var errors = new JobRequestValidator().Validate(request);

        Assert.Contains(errors, error => error.Path == "$.intent");
    }
}
