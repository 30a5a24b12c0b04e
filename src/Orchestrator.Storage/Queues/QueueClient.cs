using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Orchestrator.Storage.Pipeline;

namespace Orchestrator.Storage.Queues;

/// <summary>
/// A storage queue on Azure Storage or Azurite, over Azure.Core's HttpPipeline (retries including 503/500 ServerBusy,
/// logging, tracing, cancellation). Authenticates with the account key (Shared Key) or any Microsoft Entra ID
/// <see cref="TokenCredential"/>. Thread-safe; create one per queue and reuse it.
/// </summary>
public sealed class QueueClient : IQueueClient
{
    private const int MaxMessagesPerCall = 32;
    private readonly StorageResource _queue;
    private readonly QueueMessageEncoding _encoding;

    /// <summary>From a connection string (e.g. UseDevelopmentStorage=true).</summary>
    public QueueClient(string connectionString, string queueName, QueueClientOptions? options = null)
        : this(StorageResource.FromConnectionString(connectionString, StorageService.Queue, StorageNames.ContainerOrQueue(queueName, "queue"), options ??= new()), options)
    {
    }

    /// <summary>From the queue's URI and the account key.</summary>
    public QueueClient(Uri queueUri, AzureNamedKeyCredential credential, QueueClientOptions? options = null)
        : this(StorageResource.FromSharedKey(queueUri, credential, StorageService.Queue, options ??= new()), options)
    {
    }

    /// <summary>From the queue's URI and a Microsoft Entra ID credential (e.g. DefaultAzureCredential). Requires https.</summary>
    public QueueClient(Uri queueUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(StorageResource.FromToken(queueUri, credential, options ??= new()), options)
    {
    }

    private QueueClient(StorageResource queue, QueueClientOptions options)
    {
        _queue = queue;
        _encoding = options.MessageEncoding;
    }

    public string Name => _queue.Name;

    public Uri Uri => _queue.Uri;

    public async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _queue.CreateMessage(RequestMethod.Put);
        try
        {
            var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return Response.FromValue(response.Status == 201, response);
        }
        catch (StorageRequestFailedException e) when (e.ErrorCode == "QueueAlreadyExists")
        {
            return Response.FromValue(false, e.GetRawResponse()!); // exists with other metadata: still there to use
        }
    }

    public async Task<Response<SendReceipt>> SendMessageAsync(string body, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var message = _queue.CreateMessage(RequestMethod.Post, "messages");
        if (visibilityDelay is { } delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay));
        }
        if (timeToLive is { } ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl));
        }
        SetBody(message.Request, body);
        var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var sent = ReadMessages(response).Single();
        return Response.FromValue(
            new SendReceipt(Text(sent, "MessageId"), Text(sent, "PopReceipt"), Time(sent, "InsertionTime"), Time(sent, "ExpirationTime"), Time(sent, "TimeNextVisible")),
            response);
    }

    public async Task<Response<IReadOnlyList<QueueMessage>>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        using var message = _queue.CreateMessage(RequestMethod.Get, "messages");
        message.Request.Uri.AppendQuery("numofmessages", Count(maxMessages));
        if (visibilityTimeout is { } timeout)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(timeout));
        }
        var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<QueueMessage> messages = ReadMessages(response).Select(m => new QueueMessage(
            Text(m, "MessageId"), Text(m, "PopReceipt"), Decode(Text(m, "MessageText")), long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Time(m, "InsertionTime"), Time(m, "ExpirationTime"), Time(m, "TimeNextVisible"))).ToList();
        return Response.FromValue(messages, response);
    }

    public async Task<Response<IReadOnlyList<PeekedMessage>>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        using var message = _queue.CreateMessage(RequestMethod.Get, "messages");
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", Count(maxMessages));
        var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PeekedMessage> messages = ReadMessages(response).Select(m => new PeekedMessage(
            Text(m, "MessageId"), Decode(Text(m, "MessageText")), long.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Time(m, "InsertionTime"), Time(m, "ExpirationTime"))).ToList();
        return Response.FromValue(messages, response);
    }

    public async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using var message = MessageRequest(RequestMethod.Delete, messageId, popReceipt);
        return await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? body = null, CancellationToken cancellationToken = default)
    {
        using var message = MessageRequest(RequestMethod.Put, messageId, popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        if (body is not null)
        {
            SetBody(message.Request, body);
        }
        var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-popreceipt", out var receipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var visible);
        return Response.FromValue(new UpdateReceipt(receipt ?? "", ParseTime(visible ?? "")), response);
    }

    public async Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _queue.CreateMessage(RequestMethod.Get);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await _queue.SendAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count);
        return Response.FromValue(new QueueProperties(int.Parse(count ?? "0", CultureInfo.InvariantCulture)), response);
    }

    private HttpMessage MessageRequest(RequestMethod method, string messageId, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var message = _queue.CreateMessage(method, "messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        return message;
    }

    private void SetBody(Request request, string body)
    {
        var text = _encoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body;
        var xml = new XElement("QueueMessage", new XElement("MessageText", text)).ToString(SaveOptions.DisableFormatting);
        request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml));
    }

    // A message another tool put as raw text is not base64: it is handed over as it is rather than failing the whole receive.
    private string Decode(string text)
    {
        if (_encoding == QueueMessageEncoding.None)
        {
            return text;
        }
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : text;
    }

    private static IEnumerable<XElement> ReadMessages(Response response) =>
        XDocument.Parse(response.Content.ToString()).Root?.Elements("QueueMessage") ?? [];

    private static string Text(XElement message, string name) => message.Element(name)?.Value ?? "";

    private static DateTimeOffset Time(XElement message, string name) => ParseTime(Text(message, name));

    private static DateTimeOffset ParseTime(string rfc1123) =>
        rfc1123.Length == 0 ? default : DateTimeOffset.Parse(rfc1123, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Seconds(TimeSpan span) =>
        span >= TimeSpan.Zero
            ? ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(span), span, "A queue time must not be negative.");

    private static string Count(int maxMessages) =>
        maxMessages is >= 1 and <= MaxMessagesPerCall
            ? maxMessages.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, $"Between 1 and {MaxMessagesPerCall} messages per call.");
}
