using Microsoft.Extensions.Options;

namespace Orchestrator.Host.Management;

/// <summary>
/// The base URL links in answers point at: <see cref="OrchestratorHostOptions.PublicBaseUrl"/> when set (the host sits behind a
/// proxy or is reached by another name), otherwise the scheme and host of the request being answered.
/// </summary>
public sealed class PublicUrls(IOptions<OrchestratorHostOptions> options)
{
    public string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.PublicBaseUrl is { } configured ? configured.AbsoluteUri.TrimEnd('/') : $"{request.Scheme}://{request.Host}";
    }

    public CheckStatusPayload CheckStatus(HttpRequest request, string instanceId) => CheckStatusPayload.For(BaseUrl(request), instanceId);
}
