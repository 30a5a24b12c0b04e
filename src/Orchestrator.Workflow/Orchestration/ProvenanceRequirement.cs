using System.Text.Json.Serialization;

namespace Orchestrator.Workflow.Orchestration;

/// <summary>
/// What a job does with a clip whose route promises C2PA-signed output when the stored clip's manifest is absent or
/// invalid (or could not be checked). Bound from Orchestrator:Workflow:Policy:ProvenanceRequirement.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProvenanceRequirement>))]
public enum ProvenanceRequirement
{
    /// <summary>Deliver the clip: the job succeeds, its outcome, message and cost row carry a provenance warning.</summary>
    Flag,

    /// <summary>Refuse the clip as the vendor's fault: billed per the route's rule, kept for inspection, not delivered; fail over.</summary>
    Require,
}
