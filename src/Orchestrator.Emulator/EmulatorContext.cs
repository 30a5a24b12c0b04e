using Orchestrator.Emulator.Media;
using Orchestrator.Emulator.State;
using Orchestrator.Emulator.Webhooks;

namespace Orchestrator.Emulator;

/// <summary>What every emulated vendor shares: options, state, clips, the fal signing key and the emulator's own URL.</summary>
public sealed class EmulatorContext
{
    public EmulatorContext(EmulatorOptions options)
    {
        Options = options;
        State = new EmulatorState(options);
        Media = new MediaLibrary(options.MediaRoot ?? MediaLibrary.DefaultRoot);
        FalKey = new FalSigningKey();
    }

    public EmulatorOptions Options { get; }

    public EmulatorState State { get; }

    public MediaLibrary Media { get; }

    public FalSigningKey FalKey { get; }

    /// <summary>Set once Kestrel has bound its port.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");

    /// <summary>The OpenAI project's webhook endpoint (OpenAI configures it per project, not per request); set through the control API.</summary>
    public string? OpenAiWebhookUrl { get; set; }

    public DateTimeOffset Now => State.Now;

    /// <summary>A presigned-style file URL for a job's clip, valid until its output expires.</summary>
    public string FileUrl(EmulatedJob job) =>
        new Uri(BaseUrl, $"files/{job.Id}.mp4?exp={job.OutputExpiresAt(Options.OutputLifetime).ToUnixTimeSeconds()}").AbsoluteUri;
}
