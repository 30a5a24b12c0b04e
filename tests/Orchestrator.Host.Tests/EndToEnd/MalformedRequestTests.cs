using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.Host.Problems;
using Orchestrator.Host.Tests.Support;
using Orchestrator.Storage.Queues;
using Orchestrator.Testing;

namespace Orchestrator.Host.Tests.EndToEnd;

/// <summary>
/// The bad-input corpus (Corpus/malformed-requests.json, one request per line: what is wrong, the body, the JSON paths
/// the answer must name): each is refused over HTTP with a problem listing every problem with its path, and nothing
/// starts (no instance, no vendor job). Through the bulk queue each goes straight to the poison queue with the reason,
/// and leaves nothing behind in the queue.
/// </summary>
[Collection(MainStackCollection.Name)]
public sealed class MalformedRequestTests(MainStack main)
{
    private static readonly Lazy<IReadOnlyList<MalformedCase>> Corpus = new(() =>
        JsonSerializer.Deserialize<List<MalformedCase>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "malformed-requests.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

    private HostStack Stack => main.Stack;

    public static TheoryData<string> Names => [.. Corpus.Value.Select(entry => entry.Name)];

    [Fact]
    public void The_corpus_holds_at_least_30_malformed_requests() => Assert.True(Corpus.Value.Count >= 30, $"{Corpus.Value.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_malformed_request_is_refused_with_every_problem_named_and_starts_nothing(string name)
    {
        var entry = Corpus.Value.Single(candidate => candidate.Name == name);
        var team = HostStack.NewTeam("bad");
        var vendorJobsBefore = Stack.Emulator.State.Jobs.Count();
        using var http = Stack.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = new StringContent(entry.Body(team), Encoding.UTF8) };
        request.Content.Headers.ContentType = new(entry.ContentType ?? "application/json");
        foreach (var (header, value) in entry.Headers ?? [])
        {
            request.Headers.Add(header, value);
        }

        using var response = await http.SendAsync(request);
        var problem = await response.ProblemAsync((HttpStatusCode)entry.Status);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (entry.Status == 400)
        {
            Assert.Equal(ApiProblems.ValidationType, problem.GetProperty("type").GetString());
            var paths = problem.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("path").GetString()).ToList();
            Assert.All(entry.Paths, path => Assert.Contains(path, paths));
            Assert.All(problem.GetProperty("errors").EnumerateArray(), error => Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString())));
        }
        var listed = await (await http.GetAsync($"runtime/webhooks/durabletask/instances?instanceIdPrefix={team}~")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetArrayLength());
        Assert.Equal(vendorJobsBefore, Stack.Emulator.State.Jobs.Count());
    }

    [Fact]
    public async Task Through_the_bulk_queue_each_malformed_request_goes_to_the_poison_queue_with_its_reason()
    {
        var team = HostStack.NewTeam("badq");
        // Headers and content types are HTTP's; a queue message is only a body, at most 64 KiB.
        var entries = Corpus.Value.Where(entry => entry.Status == 400 && entry.Headers is null && !entry.IsOversized).ToList();
        var queue = Stack.Queue();
        await queue.CreateIfNotExistsAsync();
        var sent = new Dictionary<string, MalformedCase>();
        foreach (var entry in entries)
        {
            var body = entry.Body(team) + new string(' ', sent.Count); // unique bodies, so each poison message is matched to its case
            sent[body] = entry;
            await queue.SendMessageAsync(body);
        }

        var collected = new Dictionary<string, PoisonMessage>();
        var poisoned = await Eventually.ValueAsync(() => CollectPoisonedAsync(sent.Keys.ToHashSet(), collected), found => found.Count == sent.Count,
            $"all {sent.Count} malformed messages are in the poison queue");

        Assert.All(poisoned, message =>
        {
            Assert.Equal(Stack.QueueName, message.SourceQueue);
            Assert.StartsWith("Invalid job request: ", message.Reason);
            Assert.All(sent[message.Body].Paths, path => Assert.Contains(path + ":", message.Reason));
        });
        var left = (await queue.PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, message => sent.ContainsKey(message.Body));
        using var http = Stack.Http();
        var listed = await (await http.GetAsync($"runtime/webhooks/durabletask/instances?instanceIdPrefix={team}~")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetArrayLength());
    }

    /// <summary>
    /// Takes this test's messages off the poison queue into <paramref name="found"/>, across looks: each one found is
    /// kept and deleted, so the next look sees the rest. (Other tests' messages are only hidden for two seconds.)
    /// </summary>
    private async Task<IReadOnlyCollection<PoisonMessage>> CollectPoisonedAsync(HashSet<string> bodies, Dictionary<string, PoisonMessage> found)
    {
        var poison = Stack.PoisonQueue();
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(2))).Value;
            if (batch.Count == 0)
            {
                return found.Values;
            }
            foreach (var received in batch)
            {
                var message = PoisonMessage.Parse(received.Body);
                if (bodies.Contains(message.Body))
                {
                    found.TryAdd(message.Body, message);
                    await poison.DeleteMessageAsync(received.MessageId, received.PopReceipt);
                }
            }
        }
    }

    /// <summary>One corpus entry; "{team}" in the body is the test's team, "{oversized}" a request over the 1 MiB limit.</summary>
    public sealed record MalformedCase(string Name, string RawBody, IReadOnlyList<string> Paths, int Status, string? ContentType, Dictionary<string, string>? Headers)
    {
        [System.Text.Json.Serialization.JsonPropertyName("body")]
        public string RawBody { get; init; } = RawBody;

        public bool IsOversized => RawBody == "{oversized}";

        public string Body(string team) => IsOversized
            ? $$"""{"team":"{{team}}","prompt":"{{new string('x', 1024 * 1024 + 16)}}","durationSeconds":5}"""
            : RawBody.Replace("{team}", team, StringComparison.Ordinal);
    }
}
