using System.Net;
using System.Text;

namespace Orchestrator.Storage.Tests.Support;

/// <summary>
/// Sits in front of the real Azurite and answers the first <c>failures</c> requests itself with a storage error (e.g. 503
/// ServerBusy, as Azure throttles), then lets every request through: the pipeline's retries are exercised against real HTTP.
/// </summary>
internal sealed class FaultInjectingHandler(int failures, HttpStatusCode status, string errorCode) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _attempts;

    public int Attempts => _attempts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _attempts) > failures)
        {
            return base.SendAsync(request, cancellationToken);
        }
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(
                $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{errorCode}</Code><Message>Injected: the server is busy.</Message></Error>",
                Encoding.UTF8, "application/xml"),
        };
        response.Headers.Add("x-ms-error-code", errorCode);
        response.Headers.Add("x-ms-request-id", $"injected-{_attempts}");
        return Task.FromResult(response);
    }
}
