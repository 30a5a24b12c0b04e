using Orchestrator.Core.Jobs;

namespace Orchestrator.Core.Tests.Jobs;

public sealed class InputModeAndFrameTests
{
    [Theory]
    [InlineData("""{"durationSeconds":5}""", InputMode.TextToVideo)]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"image","uri":"https://x.example/a"}]}""", InputMode.ImageToVideo)]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"image","uri":"https://x.example/a"},{"kind":"image","uri":"https://x.example/b"}]}""", InputMode.ImageToVideo)]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"image","uri":"https://x.example/a","role":"product"}]}""", InputMode.ReferenceToVideo)]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"video","uri":"https://x.example/a"}]}""", InputMode.ReferenceToVideo)]
    [InlineData("""{"durationSeconds":5,"intent":"edit","references":[{"kind":"video","uri":"https://x.example/a"}]}""", InputMode.VideoToVideo)]
    [InlineData("""{"durationSeconds":5,"references":[{"kind":"image","uri":"https://x.example/c"},{"kind":"video","uri":"https://x.example/m","role":"motion"}]}""", InputMode.MotionControl)]
    public void The_input_mode_follows_references_and_intent(string fields, InputMode expected)
    {
        Assert.Equal(expected, Requests.Parse(fields).InputMode);
    }

    [Theory]
    [InlineData(Resolution.P720, "16:9", 1280, 720)]
    [InlineData(Resolution.P1080, "16:9", 1920, 1080)]
    [InlineData(Resolution.P720, "9:16", 720, 1280)]
    [InlineData(Resolution.P480, "16:9", 854, 480)]
    [InlineData(Resolution.P720, "1:1", 720, 720)]
    [InlineData(Resolution.P2160, "16:9", 3840, 2160)]
    [InlineData(Resolution.P540, "21:9", 1260, 540)]
    public void Frame_sizes(Resolution resolution, string aspect, int width, int height)
    {
        Assert.Equal(new FrameSize(width, height), FrameSize.Of(resolution, aspect));
    }
}
