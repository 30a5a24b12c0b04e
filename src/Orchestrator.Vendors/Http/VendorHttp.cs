using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Vendors.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Orchestrator.Vendors.Http;

/// <summary>A vendor's error in its own words: code, message, and a kind when the code says more than the HTTP status.</summary>
internal sealed record VendorErrorDetail(string? Code, string Message, VendorErrorKind? Kind = null);

/// <summary>Reads a vendor's error body (OpenAI error{}, Kling code/message, fal detail...).</summary>
internal delegate VendorErrorDetail VendorErrorParser(HttpStatusCode status, JsonElement? body);

/// <summary>The common {"error": {"code", "message"}} body (OpenAI, Azure, Ark).</summary>
internal static class ErrorBodies
{
    public static VendorErrorDetail ErrorObject(HttpStatusCode status, JsonElement? body) =>
        new(body is { } json ? JsonRead.String(json, "error", "code") : null,
            (body is { } text ? JsonRead.String(text, "error", "message") : null) ?? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A JSON answer with its headers (poll hints) and status.</summary>
internal sealed record VendorJson(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers);

/// <summary>
/// The one way adapters talk HTTP: every call runs through the vendor's pipeline for its operation, is authorized per
/// attempt (a fresh Kling JWT each time), and every failure becomes a <see cref="VendorRequestException"/>.
/// </summary>
internal sealed class VendorHttp
{
    private readonly HttpClient client;
    private readonly VendorPipelines pipelines;
    private readonly VendorErrorParser errors;
    private readonly Action<HttpRequestMessage> authorize;

    public VendorHttp(string vendor, HttpClient client, VendorPipelines pipelines, VendorErrorParser errors, Action<HttpRequestMessage> authorize)
    {
        Vendor = vendor;
        this.client = client;
        this.pipelines = pipelines;
        this.errors = errors;
        this.authorize = authorize;
    }

    public string Vendor { get; }

    public static HttpContent Json(JsonNode body) => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    public Task<VendorJson> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        SendJsonAsync(VendorOperation.Read, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    public Task<VendorJson> PostJsonAsync(VendorOperation operation, Uri url, JsonNode body, CancellationToken cancellationToken) =>
        SendJsonAsync(operation, () => new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) }, cancellationToken);

    /// <summary>A DELETE that expects no body; answers the HTTP status as text.</summary>
    public async Task<string> DeleteAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(VendorOperation.Read, () => new HttpRequestMessage(HttpMethod.Delete, url), cancellationToken).ConfigureAwait(false);
        return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A field the vendor must send (an id); its absence is a vendor fault.</summary>
    public string Required(VendorJson answer, string what, params string[] path) =>
        JsonRead.String(answer.Body, path) ?? throw new VendorRequestException(Vendor, VendorErrorKind.Transient, $"the answer has no {what}", answer.Status);

    public async Task<VendorJson> SendJsonAsync(VendorOperation operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(operation, build, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var body = string.IsNullOrWhiteSpace(text) ? default : ParseOrNull(text) ?? throw new VendorRequestException(Vendor, VendorErrorKind.Transient,
            $"answered {(int)response.StatusCode} with a body that is not JSON", response.StatusCode);
        return new VendorJson(response.StatusCode, body, response.Headers);
    }

    /// <summary>
    /// Sends and returns a successful response (the caller disposes it); anything else throws. <paramref name="authorize"/>
    /// is false for presigned file URLs on other hosts, which must never see our credentials.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(VendorOperation operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken, bool authorize = true)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipelines.For(Vendor, operation).ExecuteAsync(async token =>
            {
                using var request = build();
                if (authorize)
                {
                    this.authorize(request);
                }
                return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException exception)
        {
            throw new VendorRequestException(Vendor, VendorErrorKind.CircuitOpen, "circuit open: the vendor failed too often recently; not called",
                retryAfter: exception.RetryAfter, mayHaveReachedVendor: false, inner: exception);
        }
        catch (TimeoutRejectedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VendorRequestException(Vendor, VendorErrorKind.Timeout, $"no answer within {exception.Timeout.TotalSeconds:0.###} s", inner: exception);
        }
        catch (HttpRequestException exception)
        {
            var notSent = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
            throw new VendorRequestException(Vendor, notSent ? VendorErrorKind.Unreachable : VendorErrorKind.Transient,
                $"connection failed ({exception.HttpRequestError})", mayHaveReachedVendor: !notSent, inner: exception);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ErrorOf(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<VendorRequestException> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = errors(response.StatusCode, ParseOrNull(text));
        var status = response.StatusCode;
        var kind = detail.Kind ?? (int)status switch
        {
            429 => VendorErrorKind.Throttled,
            401 or 403 => VendorErrorKind.Unauthorized,
            404 or 410 => VendorErrorKind.NotFound,
            408 or >= 500 => VendorErrorKind.Transient,
            _ => VendorErrorKind.InvalidRequest,
        };
        var retryAfter = RetryHints.RetryAfter(response.Headers);
        return new VendorRequestException(Vendor, kind, $"HTTP {(int)status}: {detail.Message}", status, detail.Code, retryAfter);
    }

    private static JsonElement? ParseOrNull(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
