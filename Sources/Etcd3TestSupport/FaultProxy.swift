import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP proxy on 127.0.0.1 that forwards bytes to a target port and injects network faults.
///
/// Put one in front of a member and point the client at ``endpoint`` instead of the member's own:
///
/// ```swift
/// let proxy = try EtcdFaultProxy(inFrontOf: cluster[0])
/// defer { proxy.stop() }
/// // client connects to proxy.endpoint …
/// proxy.blackhole(.both)          // bytes vanish, TCP stays open (half-open peer)
/// proxy.heal()
/// proxy.dropConnections(.rst)     // every open connection gets a RST
/// ```
///
/// The proxy forwards bytes only, so TLS stays end-to-end between client and server. It runs on plain
/// POSIX sockets: one thread accepts, and each connection pair has one thread that multiplexes both
/// directions with `poll`. Every wait is bounded; ``stop()`` closes all sockets and lets every thread
/// end. Faults apply per direction to open and future connections alike:
///
/// | Control | Effect |
/// |---|---|
/// | ``blackhole(_:)`` | read and discard; nothing arrives, nothing fails |
/// | ``delay(_:by:jitter:)`` | hold every chunk; order is kept, jitter comes from a seeded generator |
/// | ``pause(_:)`` | stop reading: the sender's TCP window fills up (back-pressure) |
/// | ``throttle(_:bytesPerSecond:)`` | cap the forwarding rate |
/// | ``resume(_:)`` / ``heal()`` | clear the faults of a direction / of both |
/// | ``dropConnections(_:)`` | close every open connection with FIN or RST |
/// | ``refuseNewConnections()`` / ``acceptNewConnections()`` | close and reopen the listener (same port) |
/// | ``pauseAccepting()`` / ``resumeAccepting()`` | keep the listener but stop accepting (backlog fills) |
/// | ``delayNewConnections(by:)`` | hold new connections before connecting them to the target |
/// | ``tap(into:)`` | record each new connection's bytes per direction into files |
public final class EtcdFaultProxy: Sendable, CustomStringConvertible {
    /// Which way bytes travel.
    public enum Direction: Sendable, Hashable {
        /// From the connecting client to the target.
        case clientToServer
        /// From the target back to the client.
        case serverToClient
        /// Both ways.
        case both

        var indices: [Int] {
            switch self {
            case .clientToServer: return [0]
            case .serverToClient: return [1]
            case .both: return [0, 1]
            }
        }
    }

    /// How ``dropConnections(_:)`` closes connections.
    public enum DropMode: Sendable, Hashable {
        /// An orderly close (FIN) towards both ends.
        case fin
        /// An abortive close (RST, via `SO_LINGER {1, 0}`) towards both ends.
        case rst
    }

    /// Counters since the proxy started.
    public struct Statistics: Sendable, Hashable {
        /// Bytes read from clients.
        public var bytesReceivedFromClients = 0
        /// Bytes read from the target.
        public var bytesReceivedFromServer = 0
        /// Bytes written to the target.
        public var bytesForwardedToServer = 0
        /// Bytes written to clients.
        public var bytesForwardedToClients = 0
        /// Bytes from clients discarded by a blackhole.
        public var bytesDiscardedClientToServer = 0
        /// Bytes from the target discarded by a blackhole.
        public var bytesDiscardedServerToClient = 0
        /// Connections accepted from clients.
        public var acceptedConnections = 0
        /// Connections now open (client side).
        public var activeConnections = 0
        /// Connections the target refused, or that were over ``EtcdFaultProxy/maximumConnections``.
        public var failedConnections = 0
        /// Connections closed by ``EtcdFaultProxy/dropConnections(_:)``.
        public var droppedConnections = 0
    }

    /// The port the proxy listens on, 127.0.0.1.
    public let port: Int
    /// The port on 127.0.0.1 it forwards to.
    public let targetPort: Int
    /// The most connections open at once; more are closed at once.
    public let maximumConnections: Int

    let core: ProxyCore

    /// Starts a proxy in front of 127.0.0.1:`targetPort`.
    ///
    /// - Parameters:
    ///   - targetPort: Where to forward to.
    ///   - port: The port to listen on; `nil` picks a free one.
    ///   - seed: Seeds the jitter generator, so runs repeat.
    ///   - maximumConnections: The bound on open connections (one thread each).
    /// - Throws: ``EtcdTestSupportError`` with code `socket` if it cannot listen.
    public init(
        targetPort: Int,
        port: Int? = nil,
        seed: UInt64 = 0x5EED,
        maximumConnections: Int = 256
    ) throws(EtcdTestSupportError) {
        var attempt = 0
        var core: ProxyCore
        while true {
            attempt += 1
            // A port found free can be taken before we bind it, by another process that picks
            // ports the same way (a child test run and its servers): then pick another.
            let listenPort: Int
            if let port { listenPort = port } else { listenPort = try PortAllocator.allocate() }
            do throws(EtcdTestSupportError) {
                core = try ProxyCore(
                    port: listenPort, targetPort: targetPort, seed: seed, maximumConnections: maximumConnections)
                break
            } catch {
                if port != nil || attempt >= 5 || !Sockets.isAddressInUse(error) { throw error }
            }
        }
        self.port = core.port
        self.targetPort = targetPort
        self.maximumConnections = maximumConnections
        self.core = core
        core.startAcceptor()
    }

    /// Starts a proxy in front of a member's client port.
    ///
    /// - Parameters:
    ///   - member: The member whose client port to forward to.
    ///   - seed: Seeds the jitter generator.
    /// - Throws: ``EtcdTestSupportError`` with code `socket` if it cannot listen.
    public convenience init(inFrontOf member: EtcdMember, seed: UInt64 = 0x5EED) throws(EtcdTestSupportError) {
        try self.init(targetPort: member.clientPort, seed: seed)
    }

    deinit {
        core.stop()
    }

    /// `"127.0.0.1:<port>"`: give this to the client.
    public var endpoint: String { "127.0.0.1:\(port)" }

    /// `"proxy 127.0.0.1:<port> → 127.0.0.1:<target>"`.
    public var description: String { "proxy \(endpoint) → 127.0.0.1:\(targetPort)" }

    /// Discards everything read in `direction`, leaving TCP open: the peer sees silence, not an error.
    /// Bytes already held by a delay are discarded too.
    ///
    /// - Parameter direction: Which way to cut.
    public func blackhole(_ direction: Direction) {
        core.update(direction, "blackhole") { $0.isBlackholed = true }
    }

    /// Holds every chunk read in `direction` for `delay` ± `jitter` before forwarding it; order is kept
    /// (a chunk never overtakes the one before it).
    ///
    /// - Parameters:
    ///   - direction: Which way to slow down.
    ///   - delay: The mean hold time.
    ///   - jitter: The largest deviation, drawn uniformly from the seeded generator.
    public func delay(_ direction: Direction, by delay: Duration, jitter: Duration = .zero) {
        core.update(direction, "delay \(delay) ± \(jitter)") {
            $0.delay = delay
            $0.jitter = jitter
        }
    }

    /// Stops reading in `direction`, so the sender's socket buffers and TCP window fill up.
    ///
    /// - Parameter direction: Which way to stall.
    public func pause(_ direction: Direction) {
        core.update(direction, "pause") { $0.isPaused = true }
    }

    /// Caps forwarding in `direction` to `bytesPerSecond`; `nil` removes the cap.
    ///
    /// - Parameters:
    ///   - direction: Which way to slow down.
    ///   - bytesPerSecond: The rate, at least 1.
    public func throttle(_ direction: Direction, bytesPerSecond: Int?) {
        core.update(direction, "throttle \(bytesPerSecond.map { "\($0) B/s" } ?? "off")") {
            $0.bytesPerSecond = bytesPerSecond.map { max(1, $0) }
        }
    }

    /// Clears every fault (blackhole, delay, pause, throttle) in `direction`.
    ///
    /// - Parameter direction: Which way to heal.
    public func resume(_ direction: Direction) {
        core.update(direction, "resume") { $0 = DirectionFaults() }
    }

    /// Clears every fault in both directions. The listener's state is left as it is.
    public func heal() {
        resume(.both)
    }

    /// Closes every connection open now, towards both the client and the target, and waits until
    /// they are closed (at most 2 s). Later connections are not affected.
    ///
    /// - Parameter mode: ``DropMode/fin`` or ``DropMode/rst``.
    public func dropConnections(_ mode: DropMode) {
        core.drop(mode)
    }

    /// Closes the listening socket: new connections are refused (`ECONNREFUSED`); open ones continue.
    public func refuseNewConnections() {
        core.setListening(false)
    }

    /// Reopens the listening socket on the same port after ``refuseNewConnections()``.
    ///
    /// - Throws: ``EtcdTestSupportError`` with code `socket` if the port cannot be bound again.
    public func acceptNewConnections() throws(EtcdTestSupportError) {
        core.setListening(true)
        if let error = core.listenError { throw error }
    }

    /// Stops accepting while keeping the listener open: the kernel still completes handshakes into the
    /// backlog, so clients connect but nothing answers (an overloaded server).
    public func pauseAccepting() {
        core.setAccepting(paused: true)
    }

    /// Accepts again after ``pauseAccepting()``, including the connections waiting in the backlog.
    public func resumeAccepting() {
        core.setAccepting(paused: false)
    }

    /// Holds every connection accepted from now on for `delay` before connecting it to the target;
    /// bytes the client sends meanwhile wait in the kernel. `.zero` turns it off.
    ///
    /// - Parameter delay: How long to hold new connections.
    public func delayNewConnections(by delay: Duration) {
        core.setAccepting(delay: delay)
    }

    /// Records the raw bytes of every connection accepted from now on, as each side sent them (before
    /// any fault), into `directory/conn-<n>-c2s.bin` and `directory/conn-<n>-s2c.bin`. The files are
    /// ready-made fuzz seeds for the decoders. `nil` stops recording for new connections.
    ///
    /// - Parameter directory: An existing directory, or `nil`.
    public func tap(into directory: String?) {
        core.setTap(directory)
    }

    /// Whether the listener is open.
    public var isAcceptingConnections: Bool { core.isListening }

    /// The number of proxy threads (listeners and connections, of every proxy) alive in this process.
    /// This proxy's threads (acceptor and connections) still alive, for leak checks that must
    /// not count other tests' proxies.
    package var liveThreadCount: Int { core.threads.load(ordering: .relaxed) }

    /// Byte and connection counters.
    public var stats: Statistics { core.stats }

    /// One entry of the proxy's event log.
    public struct Event: Sendable, Hashable, CustomStringConvertible {
        /// When it happened.
        public var time: ContinuousClock.Instant
        /// The connection it concerns (numbered from 0 in accept order), if any.
        public var connection: Int?
        /// What happened, e.g. `"accepted"`, `"blackhole both"`, `"dropped with rst"`.
        public var description: String
    }

    /// What the proxy did and was told, oldest first (the newest 10,000 entries at most): accepts,
    /// closes, drops, refusals and every control call. Correlate it with client events by `time`.
    public var events: [Event] { core.shared.withLock { $0.events } }

    /// Closes the listener and every connection and waits (at most 5 s) for the proxy's threads to end.
    /// Safe to call more than once.
    public func stop() {
        core.stop()
    }
}

/// Starts a proxy in front of 127.0.0.1:`targetPort`, runs `body`, and stops the proxy however `body` ends.
///
/// - Parameters:
///   - targetPort: Where to forward to.
///   - seed: Seeds the jitter generator.
///   - isolation: The caller's actor, inherited.
///   - body: The test, given the proxy.
/// - Returns: What `body` returns.
/// - Throws: What starting the proxy or `body` throws.
public func withFaultProxy<Result>(
    targetPort: Int,
    seed: UInt64 = 0x5EED,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (EtcdFaultProxy) async throws -> sending Result
) async throws -> sending Result {
    let proxy = try EtcdFaultProxy(targetPort: targetPort, seed: seed)
    defer { proxy.stop() }
    return try await body(proxy)
}

/// The faults of one direction.
struct DirectionFaults: Sendable, Hashable {
    var isBlackholed = false
    var isPaused = false
    var delay: Duration = .zero
    var jitter: Duration = .zero
    var bytesPerSecond: Int?
}
