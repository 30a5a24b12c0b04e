using System.Net;

namespace Orchestrator.Vendors;

/// <summary>A vendor call that failed after its resilience pipeline: what kind of failure, and whether the vendor saw it.</summary>
public sealed class VendorRequestException : Exception
{
    public VendorRequestException(string vendor, VendorErrorKind kind, string message, HttpStatusCode? status = null, string? vendorCode = null,
        TimeSpan? retryAfter = null, bool mayHaveReachedVendor = true, Exception? inner = null)
        : base($"{vendor}: {message}", inner)
    {
        Vendor = vendor;
        Kind = kind;
        Status = status;
        VendorCode = vendorCode;
        RetryAfter = retryAfter;
        MayHaveReachedVendor = mayHaveReachedVendor;
        VendorMessage = message;
    }

    public VendorRequestException()
        : this("unknown", VendorErrorKind.Transient, "vendor request failed")
    {
    }

    public VendorRequestException(string message)
        : this("unknown", VendorErrorKind.Transient, message)
    {
    }

    public VendorRequestException(string message, Exception inner)
        : this("unknown", VendorErrorKind.Transient, message, inner: inner)
    {
    }

    public string Vendor { get; }

    public VendorErrorKind Kind { get; }

    public HttpStatusCode? Status { get; }

    /// <summary>The vendor's own error code (OpenAI error.code, Kling code, Ark error.code, fal error_type).</summary>
    public string? VendorCode { get; }

    /// <summary>The vendor's message, without the vendor prefix.</summary>
    public string VendorMessage { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>False only when the request certainly never reached the vendor's application (connection refused, circuit open).</summary>
    public bool MayHaveReachedVendor { get; }

    /// <summary>The failure as the workflow records it.</summary>
    public VendorFailure ToFailure() => new(Kind switch
    {
        VendorErrorKind.SafetyRefusal => FailureKind.SafetyRefusal,
        VendorErrorKind.InvalidRequest or VendorErrorKind.NotFound => FailureKind.InvalidInput,
        VendorErrorKind.Unauthorized or VendorErrorKind.AccountLimit => FailureKind.Account,
        VendorErrorKind.Throttled or VendorErrorKind.CircuitOpen or VendorErrorKind.Unreachable => FailureKind.Unavailable,
        _ => FailureKind.VendorFault,
    }, VendorCode ?? (Status is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : Kind.ToString()), VendorMessage);
}

public enum VendorErrorKind
{
    /// <summary>429 (or Kling 1302/1303) after the retries, or with a Retry-After longer than the pipeline waits.</summary>
    Throttled,

    /// <summary>5xx, 408 or a lost connection: the vendor's fault, maybe passing.</summary>
    Transient,

    /// <summary>No answer within the attempt or total timeout.</summary>
    Timeout,

    /// <summary>The connection could not be made (refused, name not resolved): the request was not sent.</summary>
    Unreachable,

    /// <summary>The vendor's circuit is open: the call was not made.</summary>
    CircuitOpen,

    /// <summary>400/422: the request does not fit the vendor's contract.</summary>
    InvalidRequest,

    /// <summary>401/403: credentials.</summary>
    Unauthorized,

    /// <summary>404/410: the job or file is not there (deleted, expired, never existed).</summary>
    NotFound,

    /// <summary>The vendor's safety system refused the request.</summary>
    SafetyRefusal,

    /// <summary>Balance, resource pack or account state (Kling 1100-1102): retrying cannot help.</summary>
    AccountLimit,
}

/// <summary>A download that did not deliver the announced clip: truncated, too long, expired, or not an MP4.</summary>
public sealed class VendorDownloadException : IOException
{
    public VendorDownloadException(DownloadProblem problem, string message, Exception? inner = null)
        : base(message, inner) => Problem = problem;

    public VendorDownloadException()
        : this(DownloadProblem.Truncated, "download failed")
    {
    }

    public VendorDownloadException(string message)
        : this(DownloadProblem.Truncated, message)
    {
    }

    public VendorDownloadException(string message, Exception inner)
        : this(DownloadProblem.Truncated, message, inner)
    {
    }

    public DownloadProblem Problem { get; }
}

public enum DownloadProblem
{
    /// <summary>Fewer bytes than Content-Length or the vendor's announced size, or the connection dropped.</summary>
    Truncated,

    /// <summary>More bytes than announced.</summary>
    Oversized,

    /// <summary>Not an MP4 (no ftyp box where one must be).</summary>
    Corrupt,

    /// <summary>The output URL has expired (403/404/410 on the file).</summary>
    Expired,
}
