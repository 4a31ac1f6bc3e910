/// An instant of `ContinuousClock`, held as the time since a fixed instant of that clock.
///
/// `ContinuousClock.Instant` is not a frozen type: its size is known only at run time, so each
/// one that an async function holds costs that function a task allocation on every call, and
/// each operation on it goes through its value witnesses. The deadlines on the path of every
/// call are of this type instead (a `Duration`, which is frozen); the conversions that touch
/// the clock's own instants are synchronous and kept out of line.
struct CallDeadline: Sendable {
    /// The time since ``origin``.
    private let sinceOrigin: Duration

    /// The instant every deadline is counted from (the first use of this type).
    private static let origin = ContinuousClock.now

    private init(sinceOrigin: Duration) {
        self.sinceOrigin = sinceOrigin
    }

    /// `timeout` from now.
    @inline(never)
    static func after(_ timeout: Duration) -> CallDeadline {
        CallDeadline(sinceOrigin: ContinuousClock.now - origin + timeout)
    }

    /// The time left until the deadline (zero or negative once it passed).
    @inline(never)
    var remaining: Duration {
        sinceOrigin - (ContinuousClock.now - Self.origin)
    }

    /// The deadline as an instant of the clock.
    @inline(never)
    var instant: ContinuousClock.Instant {
        Self.origin + sinceOrigin
    }
}
