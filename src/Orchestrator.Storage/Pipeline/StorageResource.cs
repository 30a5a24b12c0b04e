using Azure.Core;
using Azure.Core.Pipeline;

namespace Orchestrator.Storage.Pipeline;

/// <summary>
/// What every client holds: the resource URI (container, table or queue), the pipeline that carries its requests (headers,
/// auth, retries, logging, tracing), and the account key when there is one (only a key can sign a service SAS).
/// </summary>
internal sealed record StorageResource(Uri Uri, HttpPipeline Pipeline, AzureNamedKeyCredential? SharedKey, StorageClientOptions Options)
{
    private const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The container, table or queue name: the last segment of the resource URI.</summary>
    public string Name => Uri.UnescapeDataString(Uri.Segments[^1]);

    public static StorageResource FromConnectionString(string connectionString, StorageService service, string name, StorageClientOptions options)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var endpoint = service switch
        {
            StorageService.Blob => parsed.BlobEndpoint,
            StorageService.Queue => parsed.QueueEndpoint,
            _ => parsed.TableEndpoint,
        };
        return FromSharedKey(Child(endpoint, name), parsed.Credential, service, options);
    }

    public static StorageResource FromSharedKey(Uri resourceUri, AzureNamedKeyCredential credential, StorageService service, StorageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Build(resourceUri, new SharedKeyAuthenticationPolicy(credential, service), credential, options);
    }

    public static StorageResource FromToken(Uri resourceUri, TokenCredential credential, StorageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Build(resourceUri, new BearerTokenAuthenticationPolicy(credential, StorageScope), null, options);
    }

    /// <summary>The URI of a named child below a service endpoint or a container, keeping the endpoint's own path (Azurite's account).</summary>
    public static Uri Child(Uri parent, string name) => new(parent.AbsoluteUri.TrimEnd('/') + "/" + name);

    public HttpMessage CreateMessage(RequestMethod method, string? childPath = null)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Uri);
        if (childPath is not null)
        {
            message.Request.Uri.AppendPath("/", escape: false);
            message.Request.Uri.AppendPath(childPath, escape: false);
        }
        return message;
    }

    /// <summary>Sends and throws <see cref="StorageRequestFailedException"/> for an error status (after the pipeline's retries).</summary>
    public async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (!response.IsError)
        {
            return response;
        }
        if (response.ContentStream is { CanSeek: false } unbuffered)
        {
            // A streamed download failed: buffer its (small) error body so the exception can read the service's code.
            var buffer = new MemoryStream();
            await unbuffered.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            response.ContentStream = buffer;
        }
        throw new StorageRequestFailedException(response);
    }

    private static StorageResource Build(Uri resourceUri, HttpPipelinePolicy authentication, AzureNamedKeyCredential? sharedKey, StorageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(resourceUri);
        ArgumentNullException.ThrowIfNull(options);
        resourceUri = new Uri(resourceUri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        var pipelineOptions = new HttpPipelineOptions(options) { RequestFailedDetailsParser = StorageErrorParser.Instance };
        pipelineOptions.PerRetryPolicies.Add(new StorageHeadersPolicy(options.VersionString, options.TimeProvider));
        pipelineOptions.PerRetryPolicies.Add(authentication);
        return new StorageResource(resourceUri, HttpPipelineBuilder.Build(pipelineOptions), sharedKey, options);
    }
}
