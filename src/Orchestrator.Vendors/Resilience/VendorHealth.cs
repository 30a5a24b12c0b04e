using Polly.CircuitBreaker;

namespace Orchestrator.Vendors.Resilience;

/// <summary>Whether a vendor's circuit lets calls through, so the router can skip a vendor that is down.</summary>
public interface IVendorHealth
{
    /// <summary>False while the vendor's circuit is open (or isolated); true when closed or half-open (a trial call may go).</summary>
    bool IsAvailable(string vendor);

    /// <summary>Every vendor's circuit state, e.g. for a health endpoint.</summary>
    IReadOnlyDictionary<string, CircuitState> States { get; }
}
