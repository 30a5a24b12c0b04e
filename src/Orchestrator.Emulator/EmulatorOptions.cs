namespace Orchestrator.Emulator;

/// <summary>
/// The emulator's settings: its port (0 for a free one), the test credentials and secrets it owns (adapters are configured
/// with the same values), default timings, moderation terms and its clock. Every value has a working default.
/// </summary>
public sealed record EmulatorOptions
{
    public int Port { get; init; }

    public string OpenAiApiKey { get; init; } = "emu-openai-key";

    /// <summary>The OpenAI project's webhook secret (Standard Webhooks, whsec_ + base64).</summary>
    public string OpenAiWebhookSecret { get; init; } = "whsec_" + Convert.ToBase64String("orchestrator-emulator-openai-webhook-key"u8);

    public string RunwayApiKey { get; init; } = "emu-runway-key";

    public string RunwayVersion { get; init; } = "2024-11-06";

    public string FalApiKey { get; init; } = "emu-fal-key";

    public string FalUserId { get; init; } = "emu-fal-user";

    public string LumaApiKey { get; init; } = "emu-luma-key";

    public string ByteplusApiKey { get; init; } = "emu-byteplus-key";

    public string KlingAccessKey { get; init; } = "emu-kling-access";

    public string KlingSecretKey { get; init; } = "emu-kling-secret-0123456789";

    public string AzureContentSafetyKey { get; init; } = "emu-azure-key";

    /// <summary>Prompts containing one of these (case-insensitive) are flagged by the emulated moderation services.</summary>
    public IReadOnlyList<string> FlaggedTerms { get; init; } = ["emulator-flagged", "forbidden-test-term"];

    /// <summary>How a job behaves when no script matches it.</summary>
    public JobBehavior DefaultBehavior { get; init; } = new();

    /// <summary>How long output URLs stay valid after a job finishes when the behaviour says nothing (fal keeps files 1 h).</summary>
    public TimeSpan OutputLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The openai-poll-after-ms hint the emulated OpenAI sends.</summary>
    public int OpenAiPollAfterMs { get; init; } = 50;

    /// <summary>How often finished jobs are checked for webhooks to deliver.</summary>
    public TimeSpan WebhookScanInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Where the clips are; default: the media folder next to the emulator's assembly.</summary>
    public string? MediaRoot { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Print requests to the console (the standalone emulator does).</summary>
    public bool LogRequests { get; init; }
}
