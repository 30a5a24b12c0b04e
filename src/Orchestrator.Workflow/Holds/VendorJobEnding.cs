using Orchestrator.Core.Pricing;
using Orchestrator.Vendors;

namespace Orchestrator.Workflow.Holds;

/// <summary>The billing rule to apply to an ended job's vendor job, what the vendor reported for it, and why.</summary>
public sealed record VendorJobEnding(TerminalStatus Status, VendorUsage Usage, string Note)
{
    /// <summary>
    /// Decides from the cancel's answer and the status read after it. A vendor job that ended on its own is billed for how
    /// it ended; one the vendor stopped is billed as canceled; one still running that the vendor would not (or could not
    /// be asked to) stop will run to the end and bill, and so is booked as completed, as is one whose status cannot be
    /// read and whose cancel was not accepted: spend is never under-recorded.
    /// </summary>
    public static VendorJobEnding Decide(VendorCancelResult? cancel, VendorJobStatus? status)
    {
        var usage = status?.Usage ?? VendorUsage.None;
        var stopped = cancel is { Accepted: true };
        var asked = cancel is null ? "the cancel at the vendor failed" : $"cancel at the vendor {(stopped ? "accepted" : "not accepted")} ({cancel.RawStatus}; {cancel.Note})";
        return status?.State switch
        {
            VendorJobState.Succeeded => new(TerminalStatus.Completed, usage, $"{asked}; the vendor had already finished the clip (not stored): billed as completed"),
            VendorJobState.Failed when status.Failure is { IsSafetyRefusal: true } => new(TerminalStatus.RefusedByVendor, usage, $"{asked}; the vendor had refused it"),
            VendorJobState.Failed => new(TerminalStatus.Failed, usage, $"{asked}; the vendor had failed it"),
            VendorJobState.Expired => new(TerminalStatus.Expired, usage, $"{asked}; its output had expired"),
            VendorJobState.Canceled => new(TerminalStatus.Canceled, usage, $"{asked}; the vendor shows it canceled"),
            _ when stopped => new(TerminalStatus.Canceled, usage, asked),
            _ => new(TerminalStatus.Completed, usage, $"{asked}: it may run to the end and bill, so it is booked as completed"),
        };
    }
}
