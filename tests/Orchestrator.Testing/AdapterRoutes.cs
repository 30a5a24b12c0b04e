using Xunit;

namespace Orchestrator.Testing;

/// <summary>Routes for tests that run "on every vendor": one route per vendor adapter (its API contract), as the route catalog names them.</summary>
public static class AdapterRoutes
{
    /// <summary>OpenAI videos, Runway, fal's queue, Luma, BytePlus Ark and Kling's official API, one route each.</summary>
    public static TheoryData<string> OnePerAdapter => new()
    {
        "openai/sora-2", "runway/gen4", "fal/kling-v3-standard", "luma/ray-3", "byteplus/seedance-2.0", "kling/kling-v3",
    };
}
