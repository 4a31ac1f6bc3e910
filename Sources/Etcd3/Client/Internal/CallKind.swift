/// Whether a call may be repeated without changing the outcome.
package enum CallKind: Sendable {
    /// Reads and other calls that change nothing: retried on another endpoint after any
    /// failure that leaves the cluster unchanged or unknown.
    case idempotent
    /// Calls that change state: resent only when the client can prove the server never
    /// processed them; otherwise they fail with ``EtcdError/Code/indeterminate``.
    case mutation
}

/// What to do after a failed attempt.
package enum RetryDecision: Sendable {
    case retry
    case fail(EtcdError)
}
