using System.Text.Json.Serialization;

namespace Orchestrator.Core.Jobs;

/// <summary>Which key and quota a job runs under; each environment has its own caps.</summary>
public enum JobEnvironment
{
    Sandbox,
    Staging,
    Production,
}

/// <summary>Output resolution, named by its short side (4k is 2160 lines).</summary>
public enum Resolution
{
    [JsonStringEnumMemberName("480p")] P480,
    [JsonStringEnumMemberName("540p")] P540,
    [JsonStringEnumMemberName("720p")] P720,
    [JsonStringEnumMemberName("1080p")] P1080,
    [JsonStringEnumMemberName("4k")] P2160,
}

/// <summary>The audio a clip must carry. "none" means no audio is wanted or paid for.</summary>
public enum AudioMode
{
    None,
    Native,
    [JsonStringEnumMemberName("native+voice")] NativeVoice,
}

public enum ReferenceKind
{
    Image,
    Video,
    Audio,
}

/// <summary>What a reference stands for in the clip (Seedance-style role tags; motion and voice drive Kling motion control and voice).</summary>
public enum ReferenceRole
{
    Character,
    Product,
    Style,
    Scene,
    Motion,
    Voice,
}

public enum JobIntent
{
    Generate,
    Edit,
}

/// <summary>How a request feeds the model, derived from its references and intent; a route offers a model per input mode.</summary>
public enum InputMode
{
    TextToVideo,
    ImageToVideo,
    ReferenceToVideo,
    VideoToVideo,
    MotionControl,
}
