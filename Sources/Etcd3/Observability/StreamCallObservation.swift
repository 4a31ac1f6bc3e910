internal import Etcd3Transport

/// A server-streaming call (a snapshot, an election observation) reported to the observer as a
/// call, held by the stream's iterator.
///
/// Created (``Etcd3ClientObserver/callStarted(_:)``) on the task that first iterates, when the
/// stream is opened; reported finished exactly once: by ``finish(error:)`` when the stream ends
/// or fails, or, when the consumer stopped before that (it dropped the iterator), by `deinit`
/// with a `.cancelled` error, so a span is never left open.
final class StreamCallObservation {
    private let observation: CallObservation
    private var finished = false

    /// Reports the call `path` (not a mutation) started; `nil` without an observer.
    init?(observer: (any Etcd3ClientObserver)?, path: String) {
        guard let observation = CallObservation(observer: observer, path: path, kind: .idempotent) else { return nil }
        self.observation = observation
    }

    deinit {
        if !finished {
            observation.finish(
                error: EtcdError(.cancelled, "the consumer stopped iterating before the stream ended"), revision: nil)
        }
    }

    /// An attempt to open the stream reached a connection to `endpoint`.
    func attempted(_ endpoint: Endpoint) {
        observation.attempted(endpoint, attempt: observation.attempts + 1)
    }

    /// The last attempt failed with `error`, and the stream is opened again.
    func retried(_ error: EtcdError) {
        observation.retried(error)
    }

    /// The stream ended (`error` `nil`) or failed with `error`; later calls do nothing.
    func finish(error: EtcdError?) {
        guard !finished else { return }
        finished = true
        observation.finish(error: error, revision: nil)
    }
}
