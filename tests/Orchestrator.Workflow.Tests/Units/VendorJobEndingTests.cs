using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Holds;

namespace Orchestrator.Workflow.Tests.Units;

/// <summary>How the release of an ended job's holds bills its vendor job: how it ended, or conservatively when unknown.</summary>
public sealed class VendorJobEndingTests
{
    private static readonly VendorCancelResult Accepted = new(Supported: true, Accepted: true, "cancelled", "stopped");
    private static readonly VendorCancelResult Unsupported = new(Supported: false, Accepted: false, "n/a", "the vendor cannot cancel");

    [Theory]
    [InlineData(VendorJobState.Running, true, TerminalStatus.Canceled)]
    [InlineData(VendorJobState.Queued, true, TerminalStatus.Canceled)]
    [InlineData(VendorJobState.Canceled, true, TerminalStatus.Canceled)]
    [InlineData(VendorJobState.Running, false, TerminalStatus.Completed)]
    [InlineData(VendorJobState.Succeeded, true, TerminalStatus.Completed)]
    [InlineData(VendorJobState.Failed, false, TerminalStatus.Failed)]
    [InlineData(VendorJobState.Expired, false, TerminalStatus.Expired)]
    public void A_vendor_job_is_billed_for_how_it_ended_and_as_completed_when_it_cannot_be_stopped(VendorJobState state, bool stopped, TerminalStatus expected)
    {
        var status = new VendorJobStatus { State = state, RawStatus = state.ToString(), Usage = new VendorUsage { OutputSeconds = 5m } };

        var ending = VendorJobEnding.Decide(stopped ? Accepted : Unsupported, status);

        Assert.Equal((expected, 5m), (ending.Status, ending.Usage.OutputSeconds));
        Assert.Contains(stopped ? "accepted" : "not accepted", ending.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_safety_refusal_is_billed_as_refused_by_the_vendor()
    {
        var status = new VendorJobStatus { State = VendorJobState.Failed, RawStatus = "failed", Failure = new VendorFailure(FailureKind.SafetyRefusal, "moderation", "refused") };

        Assert.Equal(TerminalStatus.RefusedByVendor, VendorJobEnding.Decide(Accepted, status).Status);
    }

    [Fact]
    public void Without_a_status_a_job_the_vendor_stopped_is_canceled_and_one_it_did_not_is_completed()
    {
        Assert.Equal(TerminalStatus.Canceled, VendorJobEnding.Decide(Accepted, null).Status);
        var failedCancel = VendorJobEnding.Decide(null, null);
        Assert.Equal((TerminalStatus.Completed, (decimal?)null), (failedCancel.Status, failedCancel.Usage.OutputSeconds));
        Assert.Contains("the cancel at the vendor failed", failedCancel.Note, StringComparison.Ordinal);
    }
}
