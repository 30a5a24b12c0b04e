using Orchestrator.Durable.History;

namespace Orchestrator.Durable.Engine;

/// <summary>
/// External events: waiters of one name form a LIFO stack (the newest waiter gets the next event); an event nobody
/// waits for is buffered until a waiter comes. Cancelled waiters are skipped, so an abandoned wait never eats an event.
/// </summary>
internal sealed partial class EngineOrchestrationContext
{
    private readonly Dictionary<string, EventWaiter> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _bufferedEvents = [];

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var waiter = new EventWaiter<T>(Converter);
        if (_eventWaiters.TryGetValue(eventName, out EventWaiter? top))
        {
            waiter.Next = top;
        }
        _eventWaiters[eventName] = waiter;
        int buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            EventRaisedEvent raised = _bufferedEvents[buffered];
            _bufferedEvents.RemoveAt(buffered);
            DeliverEvent(raised);
        }
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => waiter.TryCancel(cancellationToken));
        }
        return waiter.Task;
    }

    internal void DeliverEvent(EventRaisedEvent raised)
    {
        while (_eventWaiters.TryGetValue(raised.Name, out EventWaiter? waiter))
        {
            if (waiter.Next is null)
            {
                _eventWaiters.Remove(raised.Name);
            }
            else
            {
                _eventWaiters[raised.Name] = waiter.Next;
            }
            if (waiter.TryDeliver(raised.Input))
            {
                return;
            }
        }
        _bufferedEvents.Add(raised);
    }

    private EventRaisedEvent[] TakeBufferedEvents()
    {
        EventRaisedEvent[] events = [.. _bufferedEvents];
        _bufferedEvents.Clear();
        return events;
    }

    private abstract class EventWaiter
    {
        public EventWaiter? Next { get; set; }

        /// <summary>False when the waiter was already cancelled (the event goes to the next waiter).</summary>
        public abstract bool TryDeliver(string? payload);

        public abstract void TryCancel(CancellationToken token);
    }

    private sealed class EventWaiter<T>(DataConverter converter) : EventWaiter
    {
        private readonly TaskCompletionSource<T> _source = new();

        public Task<T> Task => _source.Task;

        public override bool TryDeliver(string? payload)
        {
            if (_source.Task.IsCompleted)
            {
                return false;
            }
            try
            {
                _source.TrySetResult(converter.Deserialize<T>(payload)!);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidCastException)
            {
                _source.TrySetException(ex);
            }
            return true;
        }

        public override void TryCancel(CancellationToken token) => _source.TrySetCanceled(token);
    }
}
