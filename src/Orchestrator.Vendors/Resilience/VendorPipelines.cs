using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Orchestrator.Vendors.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Orchestrator.Vendors.Resilience;

/// <summary>
/// The Polly v8 pipelines of every vendor, built once and named "{vendor}/{operation}" in a registry. Each is: total
/// timeout, retry (exponential back-off with jitter, honouring Retry-After / retry-after-ms), the vendor's one circuit
/// breaker (shared by all its operations), then a per-attempt timeout. Only transport faults and 5xx/408 count against
/// the breaker (not fal's user timeout); 4xx and 429 never do. A Retry-After longer than MaxRetryAfter, on any answer,
/// ends the call.
/// </summary>
public sealed class VendorPipelines : IVendorHealth, IDisposable
{
    private readonly ResiliencePipelineRegistry<string> registry = new();
    private readonly ConcurrentDictionary<string, (CircuitBreakerStateProvider State, ResiliencePipeline<HttpResponseMessage> Breaker)> breakers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VendorRetryRules> rules = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public VendorPipelines(TimeProvider? time = null) => this.time = time ?? TimeProvider.System;

    public IReadOnlyDictionary<string, CircuitState> States => breakers.ToDictionary(pair => pair.Key, pair => pair.Value.State.CircuitState, StringComparer.Ordinal);

    public bool IsAvailable(string vendor) =>
        !breakers.TryGetValue(vendor, out var breaker) || breaker.State.CircuitState is CircuitState.Closed or CircuitState.HalfOpen;

    /// <summary>Registers a vendor's policy and its retry rules; its pipelines are built on first use.</summary>
    public void Register(string vendor, VendorResilienceOptions options, VendorRetryRules? retryRules = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        rules[vendor] = retryRules ?? VendorRetryRules.Default;
        breakers.GetOrAdd(vendor, _ => BuildBreaker(options, rules[vendor]));
        foreach (var operation in Enum.GetValues<VendorOperation>())
        {
            registry.TryAddBuilder<HttpResponseMessage>(Name(vendor, operation), (builder, _) => Configure(builder, vendor, operation, options));
        }
    }

    public ResiliencePipeline<HttpResponseMessage> For(string vendor, VendorOperation operation) => registry.GetPipeline<HttpResponseMessage>(Name(vendor, operation));

    public static string Name(string vendor, VendorOperation operation) => $"{vendor}/{operation}";

    public void Dispose() => registry.Dispose();

    private (CircuitBreakerStateProvider, ResiliencePipeline<HttpResponseMessage>) BuildBreaker(VendorResilienceOptions options, VendorRetryRules retryRules)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TimeoutRejectedException
                    || args.Outcome.Result is { } response && IsServerFault(response.StatusCode) && retryRules.IsVendorFault(response.StatusCode, response.Headers)),
            })
            .Build();
        return (state, pipeline);
    }

    private void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, string vendor, VendorOperation operation, VendorResilienceOptions options)
    {
        builder.TimeProvider = time;
        var repeatable = operation != VendorOperation.Submit;
        var retryRules = rules[vendor];
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ShouldRetry(args.Outcome, repeatable, retryRules, options),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryHints.RetryAfter(response.Headers) : null),
            });
        }
        builder
            .AddPipeline(breakers[vendor].Breaker)
            .AddTimeout(options.AttemptTimeout);
    }

    private static async ValueTask<bool> ShouldRetry(Outcome<HttpResponseMessage> outcome, bool repeatable, VendorRetryRules retryRules, VendorResilienceOptions options)
    {
        switch (outcome.Exception)
        {
            case BrokenCircuitException:
                return false;
            case HttpRequestException exception:
                // A refused or unresolved connection never carried the request; anything else may have.
                return repeatable || exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
            case TimeoutRejectedException:
                return repeatable;
            case not null:
                return false;
        }
        var response = outcome.Result!;
        if (RetryHints.RetryAfter(response.Headers) > options.MaxRetryAfter)
        {
            // The vendor asks for a longer wait than we hold a call: the call ends and the wait goes to a durable timer.
            return false;
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // A 429 was refused before any work: safe to repeat.
            return await retryRules.IsRetryableThrottle(response).ConfigureAwait(false);
        }
        return repeatable && (IsServerFault(response.StatusCode) || response.StatusCode == HttpStatusCode.RequestTimeout)
            && retryRules.IsVendorFault(response.StatusCode, response.Headers);
    }

    private static bool IsServerFault(HttpStatusCode status) => status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}

/// <summary>A vendor's exceptions to the retry policy (fal's user timeout, Kling's account-state 429s).</summary>
public sealed record VendorRetryRules
{
    public static VendorRetryRules Default { get; } = new();

    /// <summary>
    /// Whether a 5xx/408 is the vendor's fault: retried where repeating is safe, and counted by the circuit breaker
    /// (fal: not a 504 whose X-Fal-Request-Timeout-Type is "user", the deadline we set).
    /// </summary>
    public Func<HttpStatusCode, HttpResponseHeaders, bool> IsVendorFault { get; init; } = (_, _) => true;

    /// <summary>Whether a 429 is throttling (retry) rather than an account state (Kling 1100-1102: arrears, empty pack).</summary>
    public Func<HttpResponseMessage, ValueTask<bool>> IsRetryableThrottle { get; init; } = _ => ValueTask.FromResult(true);
}
