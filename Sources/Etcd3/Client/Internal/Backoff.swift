/// Exponential backoff with "equal jitter": half the step is fixed, half is random, so retries
/// from many clients spread out while each still waits at least half the step.
struct Backoff: Sendable {
    var initial: Duration
    var maximum: Duration

    /// The pause before attempt `attempt` (1 = the first retry).
    func delay(forAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        var step = initial * (1 << exponent)
        if step > maximum { step = maximum }
        let half = step / 2
        let nanos = half.components.seconds * 1_000_000_000 + half.components.attoseconds / 1_000_000_000
        return half + .nanoseconds(Int64.random(in: 0...max(nanos, 0)))
    }
}
