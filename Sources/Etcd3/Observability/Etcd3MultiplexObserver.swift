/// Hands every event to several observers in turn, for example metrics and tracing:
///
/// ```swift
/// configuration.observer = Etcd3MultiplexObserver([Etcd3MetricsObserver(), Etcd3TracingObserver()])
/// ```
///
/// Each observer gets back, in its call callbacks, the context it returned itself from
/// ``Etcd3ClientObserver/callStarted(_:)``. Callbacks run where the client calls them (see
/// ``Etcd3ClientObserver``), one observer after the other, in the order given.
public struct Etcd3MultiplexObserver: Etcd3ClientObserver {
    /// The observers, in the order they are told.
    public let observers: [any Etcd3ClientObserver]

    /// Creates an observer that tells each of `observers`, in order.
    public init(_ observers: [any Etcd3ClientObserver]) {
        self.observers = observers
    }

    /// Each observer's own context for the call, by position.
    private struct Contexts: Sendable {
        var values: [(any Sendable)?]
    }

    /// Tells each observer; returns their contexts.
    public func callStarted(_ call: Etcd3ObservedCall) -> (any Sendable)? {
        Contexts(values: observers.map { $0.callStarted(call) })
    }

    /// Tells each observer, with its own context.
    public func callRetried(
        _ call: Etcd3ObservedCall, attempt: Int, endpoint: Etcd3ObservedEndpoint, error: EtcdError,
        context: (any Sendable)?
    ) {
        let contexts = (context as? Contexts)?.values
        for (index, observer) in observers.enumerated() {
            observer.callRetried(call, attempt: attempt, endpoint: endpoint, error: error, context: contexts?[index])
        }
    }

    /// Tells each observer, with its own context.
    public func callFinished(_ call: Etcd3ObservedCall, outcome: Etcd3CallOutcome, context: (any Sendable)?) {
        let contexts = (context as? Contexts)?.values
        for (index, observer) in observers.enumerated() {
            observer.callFinished(call, outcome: outcome, context: contexts?[index])
        }
    }

    /// Tells each observer.
    public func connectionOpened(endpoint: Etcd3ObservedEndpoint, isReconnect: Bool) {
        for observer in observers { observer.connectionOpened(endpoint: endpoint, isReconnect: isReconnect) }
    }

    /// Tells each observer.
    public func connectionClosed(endpoint: Etcd3ObservedEndpoint) {
        for observer in observers { observer.connectionClosed(endpoint: endpoint) }
    }

    /// Tells each observer.
    public func watcherOpened() {
        for observer in observers { observer.watcherOpened() }
    }

    /// Tells each observer.
    public func watcherClosed() {
        for observer in observers { observer.watcherClosed() }
    }

    /// Tells each observer.
    public func watchEventsDelivered(_ count: Int) {
        for observer in observers { observer.watchEventsDelivered(count) }
    }

    /// Tells each observer.
    public func watchResumed(endpoint: Etcd3ObservedEndpoint) {
        for observer in observers { observer.watchResumed(endpoint: endpoint) }
    }

    /// Tells each observer.
    public func keepAliveAcknowledged(leaseID: Int64, ttl: Duration) {
        for observer in observers { observer.keepAliveAcknowledged(leaseID: leaseID, ttl: ttl) }
    }

    /// Tells each observer.
    public func leaseLost(leaseID: Int64, error: EtcdError) {
        for observer in observers { observer.leaseLost(leaseID: leaseID, error: error) }
    }

    /// Tells each observer.
    public func bytesSent(_ count: Int, endpoint: Etcd3ObservedEndpoint) {
        for observer in observers { observer.bytesSent(count, endpoint: endpoint) }
    }

    /// Tells each observer.
    public func bytesReceived(_ count: Int, endpoint: Etcd3ObservedEndpoint) {
        for observer in observers { observer.bytesReceived(count, endpoint: endpoint) }
    }
}
