using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Orchestrator.Storage.Pipeline;

/// <summary>Stamps every try with the pinned x-ms-version and a fresh x-ms-date (a retried request must be re-dated and re-signed).</summary>
internal sealed class StorageHeadersPolicy(string version, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", version);
        message.Request.Headers.SetValue("x-ms-date", time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
    }
}
