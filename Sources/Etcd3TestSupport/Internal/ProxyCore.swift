import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state and threads behind ``EtcdFaultProxy``. Threads hold this object, not the proxy, so a proxy
/// that is dropped without ``EtcdFaultProxy/stop()`` still shuts down from its `deinit`.
final class ProxyCore: Sendable {
    /// This proxy's threads still alive.
    let threads = Atomic<Int>(0)

    struct Shared: Sendable {
        var faults = [DirectionFaults(), DirectionFaults()]
        var rng: SplitMix64
        var stats = EtcdFaultProxy.Statistics()
        var isStopped = false
        var wantsListening = true
        var isAcceptPaused = false
        var acceptDelay: Duration = .zero
        var tapDirectory: String?
        var isListening = false
        var listenError: EtcdTestSupportError?
        var acceptorRunning = false
        var acceptorWakeClosed = false
        var nextConnectionID = 0
        /// Open connections: id → write end of its wake pipe.
        var connections: [Int: Int32] = [:]
        /// Connections with an id below this are to be dropped, with `dropMode`.
        var dropBelow = 0
        var dropMode = EtcdFaultProxy.DropMode.fin
        var events: [EtcdFaultProxy.Event] = []

        /// Appends to the event log, keeping the newest `maximumEvents`.
        mutating func log(_ description: String, connection: Int? = nil) {
            if events.count >= ProxyCore.maximumEvents { events.removeFirst(events.count / 2) }
            events.append(EtcdFaultProxy.Event(time: .now, connection: connection, description: description))
        }
    }

    static let maximumEvents = 10_000

    let port: Int
    let targetPort: Int
    let maximumConnections: Int
    let shared: Mutex<Shared>
    private let acceptorWake: (read: Int32, write: Int32)
    private let initialListener: Mutex<Int32>

    init(port: Int, targetPort: Int, seed: UInt64, maximumConnections: Int) throws(EtcdTestSupportError) {
        self.port = port
        self.targetPort = targetPort
        self.maximumConnections = maximumConnections
        self.shared = Mutex(Shared(rng: SplitMix64(seed: seed)))
        let listener = try Sockets.listen(port: port)
        Sockets.setNonBlocking(listener)
        self.initialListener = Mutex(listener)
        guard let wake = makeWakePipe() else {
            close(listener)
            throw EtcdTestSupportError(.socket, Sockets.errorText("pipe"))
        }
        self.acceptorWake = wake
    }

    deinit {
        closeAcceptorWakePipe()
    }

    /// Closes the acceptor's wake pipe once the acceptor thread is gone; never twice.
    private func closeAcceptorWakePipe() {
        shared.withLock { shared in
            guard !shared.acceptorRunning, !shared.acceptorWakeClosed else { return }
            shared.acceptorWakeClosed = true
            close(acceptorWake.read)
            close(acceptorWake.write)
        }
    }

    /// Wakes the acceptor thread, unless its pipe is already closed.
    private func wakeAcceptor() {
        shared.withLock { shared in
            if !shared.acceptorWakeClosed { wake(acceptorWake.write) }
        }
    }

    // MARK: Controls

    func update(
        _ direction: EtcdFaultProxy.Direction,
        _ what: String,
        _ change: (inout DirectionFaults) -> Void
    ) {
        shared.withLock { shared in
            for index in direction.indices { change(&shared.faults[index]) }
            shared.log("\(what) \(direction)")
            for fd in shared.connections.values { wake(fd) }
        }
    }

    var stats: EtcdFaultProxy.Statistics { shared.withLock { $0.stats } }
    var isListening: Bool { shared.withLock { $0.isListening } }
    var listenError: EtcdTestSupportError? { shared.withLock { $0.listenError } }

    func drop(_ mode: EtcdFaultProxy.DropMode) {
        let limit = shared.withLock { shared -> Int in
            shared.dropBelow = shared.nextConnectionID
            shared.dropMode = mode
            shared.log("dropConnections(\(mode)) of \(shared.connections.count)")
            for fd in shared.connections.values { wake(fd) }
            return shared.nextConnectionID
        }
        waitUntil(.seconds(2)) { shared in !shared.connections.keys.contains { $0 < limit } }
    }

    func setListening(_ listening: Bool) {
        shared.withLock { shared in
            shared.wantsListening = listening
            shared.listenError = nil
            shared.log(listening ? "acceptNewConnections" : "refuseNewConnections")
        }
        wakeAcceptor()
        waitUntil(.seconds(2)) { shared in
            shared.isStopped || !shared.acceptorRunning || shared.isListening == listening || shared.listenError != nil
        }
    }

    func setAccepting(paused: Bool? = nil, delay: Duration? = nil) {
        shared.withLock { shared in
            if let paused {
                shared.isAcceptPaused = paused
                shared.log(paused ? "pauseAccepting" : "resumeAccepting")
            }
            if let delay {
                shared.acceptDelay = delay
                shared.log("delayNewConnections \(delay)")
            }
        }
        wakeAcceptor()
    }

    func setTap(_ directory: String?) {
        shared.withLock { shared in
            shared.tapDirectory = directory
            shared.log(directory.map { "tap into \($0)" } ?? "tap off")
        }
    }

    func stop() {
        let alreadyStopped = shared.withLock { shared -> Bool in
            defer { shared.isStopped = true }
            for fd in shared.connections.values { wake(fd) }
            return shared.isStopped
        }
        wakeAcceptor()
        if alreadyStopped { return }
        waitUntil(.seconds(5)) { shared in !shared.acceptorRunning && shared.connections.isEmpty }
        closeAcceptorWakePipe()
        // If the acceptor never started, its listener is still here.
        initialListener.withLock { fd in
            if fd >= 0 {
                close(fd)
                fd = -1
            }
        }
    }

    private func waitUntil(_ timeout: Duration, _ condition: (Shared) -> Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !shared.withLock({ condition($0) }) && clock.now < deadline {
            usleep(500)
        }
    }

    // MARK: Acceptor

    func startAcceptor() {
        let listener = initialListener.withLock { fd -> Int32 in
            defer { fd = -1 }
            return fd
        }
        shared.withLock {
            $0.acceptorRunning = true
            $0.isListening = true
        }
        threads.add(1, ordering: .relaxed)
        let thread = Thread { [self] in
            acceptLoop(listener: listener)
            threads.subtract(1, ordering: .relaxed)
        }
        thread.name = "etcd3-fault-proxy-accept"
        thread.start()
    }

    private func acceptLoop(listener initial: Int32) {
        var listener = initial
        defer {
            if listener >= 0 { close(listener) }
            shared.withLock {
                $0.isListening = false
                $0.acceptorRunning = false
            }
        }
        while true {
            let (stopped, wantsListening, acceptPaused) = shared.withLock {
                ($0.isStopped, $0.wantsListening, $0.isAcceptPaused)
            }
            if stopped { return }
            if wantsListening && listener < 0 {
                do {
                    listener = try Sockets.listen(port: port)
                    Sockets.setNonBlocking(listener)
                    shared.withLock { $0.isListening = true }
                } catch {
                    shared.withLock {
                        $0.listenError = error
                        $0.wantsListening = false
                    }
                }
            } else if !wantsListening && listener >= 0 {
                close(listener)
                listener = -1
                shared.withLock { $0.isListening = false }
            }
            var fds = [pollfd(fd: acceptorWake.read, events: Int16(POLLIN), revents: 0)]
            if listener >= 0 && !acceptPaused {
                fds.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), 200)
            if ready <= 0 { continue }
            if fds[0].revents != 0 { drainWakePipe(acceptorWake.read) }
            // Controls may have changed while polling: they are set before their wake-up, so this read
            // sees any change made before a client connected.
            let stillAccepting = shared.withLock { !$0.isStopped && $0.wantsListening && !$0.isAcceptPaused }
            if fds.count > 1 && fds[1].revents != 0 && stillAccepting {
                acceptPending(listener)
            }
        }
    }

    private func acceptPending(_ listener: Int32) {
        for _ in 0..<64 {
            let client = Sockets.acceptCloseOnExec(listener)
            if client < 0 { return }
            guard let wake = makeWakePipe() else {
                close(client)
                continue
            }
            let id = shared.withLock { shared -> Int? in
                shared.stats.acceptedConnections += 1
                guard !shared.isStopped, shared.connections.count < maximumConnections else {
                    shared.stats.failedConnections += 1
                    shared.log("refused: \(maximumConnections) connections open")
                    return nil
                }
                let id = shared.nextConnectionID
                shared.log("accepted", connection: id)
                shared.nextConnectionID += 1
                shared.connections[id] = wake.write
                shared.stats.activeConnections += 1
                return id
            }
            guard let id else {
                close(client)
                close(wake.read)
                close(wake.write)
                continue
            }
            let connection = ProxyConnection(core: self, id: id, client: client, wake: wake)
            threads.add(1, ordering: .relaxed)
            let thread = Thread { [self] in
                connection.run()
                threads.subtract(1, ordering: .relaxed)
            }
            thread.name = "etcd3-fault-proxy-conn"
            thread.start()
        }
    }

    /// Called by a connection's thread as its very last step.
    func connectionEnded(id: Int, wake: (read: Int32, write: Int32)) {
        shared.withLock { shared in
            shared.connections[id] = nil
            shared.stats.activeConnections -= 1
            shared.log("closed", connection: id)
            // Closed under the lock, so a control never writes to a reused descriptor.
            close(wake.read)
            close(wake.write)
        }
    }
}

/// One proxied connection: a client socket, a target socket, and a thread moving bytes both ways.
final class ProxyConnection: @unchecked Sendable {
    // Only touched by the connection's own thread after `run()` starts.
    private let core: ProxyCore
    private let id: Int
    private let client: Int32
    private var server: Int32 = -1
    private let wake: (read: Int32, write: Int32)
    private var flows = [Flow(), Flow()]
    private let clock = ContinuousClock()
    private var readBuffer = [UInt8](repeating: 0, count: ProxyConnection.chunkSize)
    private var tapFiles: [Int32] = [-1, -1]

    private static let chunkSize = 65_536
    private static let maximumQueued = 1 << 20

    struct Chunk {
        var release: ContinuousClock.Instant
        var bytes: [UInt8]
        var offset = 0
    }

    /// One direction: index 0 reads the client and writes the server, index 1 the reverse.
    struct Flow {
        var queue: [Chunk] = []
        var head = 0
        var queuedBytes = 0
        var lastRelease: ContinuousClock.Instant?
        var readClosed = false
        var writeClosed = false
        var tokens = 0.0
        var tokensAt: ContinuousClock.Instant?

        var isEmpty: Bool { head >= queue.count }

        mutating func compact() {
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
    }

    init(core: ProxyCore, id: Int, client: Int32, wake: (read: Int32, write: Int32)) {
        self.core = core
        self.id = id
        self.client = client
        self.wake = wake
    }

    private func source(_ flow: Int) -> Int32 { flow == 0 ? client : server }
    private func destination(_ flow: Int) -> Int32 { flow == 0 ? server : client }

    func run() {
        defer {
            for fd in tapFiles where fd >= 0 { close(fd) }
            core.connectionEnded(id: id, wake: wake)
        }
        let (delay, tapDirectory) = core.shared.withLock { ($0.acceptDelay, $0.tapDirectory) }
        if let tapDirectory {
            for (index, name) in ["c2s", "s2c"].enumerated() {
                tapFiles[index] = open(
                    "\(tapDirectory)/conn-\(id)-\(name).bin",
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                    0o644
                )
            }
        }
        if delay > .zero {
            let deadline = clock.now + delay
            while clock.now < deadline {
                if core.shared.withLock({ $0.isStopped || id < $0.dropBelow }) { break }
                var pfd = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, min(100, Sockets.milliseconds(deadline - clock.now) + 1))
                drainWakePipe(wake.read)
            }
        }
        guard let upstream = try? Sockets.connect(port: core.targetPort, timeout: .seconds(2)) else {
            Sockets.setResetOnClose(client)
            close(client)
            core.shared.withLock {
                $0.stats.failedConnections += 1
                $0.log("target 127.0.0.1:\(core.targetPort) refused; client reset", connection: id)
            }
            return
        }
        server = upstream
        for fd in [client, server] {
            Sockets.setNonBlocking(fd)
            Sockets.setNoDelay(fd)
        }
        let mode = loop()
        switch mode {
        case .rst:
            Sockets.setResetOnClose(client)
            Sockets.setResetOnClose(server)
        case .fin:
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }
        close(client)
        close(server)
    }

    /// Moves bytes until the connection ends; returns how to close the sockets.
    private func loop() -> EtcdFaultProxy.DropMode {
        while true {
            let (faults, stopped, dropMode) = core.shared.withLock { shared in
                (shared.faults, shared.isStopped, id < shared.dropBelow ? shared.dropMode : nil)
            }
            if let dropMode {
                core.shared.withLock {
                    $0.stats.droppedConnections += 1
                    $0.log("dropped with \(dropMode)", connection: id)
                }
                return dropMode
            }
            if stopped { return .fin }

            // Write whatever is due; note when the next chunk or token becomes due.
            var nextDue: ContinuousClock.Instant?
            var blocked = [false, false]
            for index in 0..<2 {
                switch flush(index, faults[index]) {
                case .failed: return .rst
                case .waitUntil(let instant): nextDue = min(nextDue ?? instant, instant)
                case .blocked: blocked[index] = true
                case .idle: break
                }
                // A FIN travels like data: not through a blackhole, and after the bytes held before it.
                if flows[index].readClosed && flows[index].isEmpty && !flows[index].writeClosed
                    && !faults[index].isBlackholed
                {
                    shutdown(destination(index), Int32(SHUT_WR))
                    flows[index].writeClosed = true
                }
            }
            if flows[0].writeClosed && flows[1].writeClosed { return .fin }

            var clientEvents: Int16 = 0
            var serverEvents: Int16 = 0
            for index in 0..<2 {
                let flow = flows[index]
                let wantsRead = !flow.readClosed && !faults[index].isPaused && flow.queuedBytes < Self.maximumQueued
                if wantsRead {
                    if index == 0 { clientEvents |= Int16(POLLIN) } else { serverEvents |= Int16(POLLIN) }
                }
                if blocked[index] {
                    if index == 0 { serverEvents |= Int16(POLLOUT) } else { clientEvents |= Int16(POLLOUT) }
                }
            }
            var fds = [
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
                pollfd(fd: client, events: clientEvents, revents: 0),
                pollfd(fd: server, events: serverEvents, revents: 0),
            ]
            var timeout: Int32 = 100
            if let nextDue {
                timeout = min(timeout, max(0, Sockets.milliseconds(nextDue - clock.now) + 1))
            }
            let ready = poll(&fds, 3, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .rst
            }
            if ready == 0 { continue }
            if fds[0].revents != 0 { drainWakePipe(wake.read) }
            // Faults may have changed while polling; a control's change happens before its wake-up, so a
            // fresh read here sees it before any byte that was sent after the control returned.
            let currentFaults = core.shared.withLock { $0.faults }
            for index in 0..<2 {
                let revents = fds[index == 0 ? 1 : 2].revents
                let wantedRead = (fds[index == 0 ? 1 : 2].events & Int16(POLLIN)) != 0
                let hangup = (revents & Int16(POLLHUP | POLLERR)) != 0
                if currentFaults[index].isPaused && !faults[index].isPaused {
                    continue  // Paused while polling: leave the bytes in the kernel.
                }
                if wantedRead && (revents & Int16(POLLIN | POLLHUP | POLLERR)) != 0 {
                    if !read(index, currentFaults[index]) { return .rst }
                } else if hangup && !wantedRead {
                    // The peer is gone while this side is not read (paused or full): give up both ways.
                    return .fin
                }
            }
        }
    }

    /// Reads one chunk from the flow's source. Returns `false` on a hard error (e.g. a reset).
    private func read(_ index: Int, _ faults: DirectionFaults) -> Bool {
        let n = readBuffer.withUnsafeMutableBytes { recv(source(index), $0.baseAddress, $0.count, 0) }
        if n < 0 {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
        }
        if n == 0 {
            flows[index].readClosed = true
            return true
        }
        if tapFiles[index] >= 0 {
            var offset = 0
            while offset < n {
                let written = readBuffer.withUnsafeBytes {
                    write(tapFiles[index], $0.baseAddress! + offset, n - offset)
                }
                if written <= 0 { break }
                offset += written
            }
        }
        let jitterFraction = core.shared.withLock { shared -> Double in
            if index == 0 {
                shared.stats.bytesReceivedFromClients += n
                if faults.isBlackholed { shared.stats.bytesDiscardedClientToServer += n }
            } else {
                shared.stats.bytesReceivedFromServer += n
                if faults.isBlackholed { shared.stats.bytesDiscardedServerToClient += n }
            }
            guard faults.jitter > .zero, !faults.isBlackholed else { return 0.5 }
            return Double(shared.rng.next() >> 11) / Double(UInt64(1) << 53)
        }
        if faults.isBlackholed { return true }
        let now = clock.now
        var release = now
        if faults.delay > .zero || faults.jitter > .zero {
            let offset = faults.jitter * (2 * jitterFraction - 1)
            release = now + max(.zero, faults.delay + offset)
        }
        if let last = flows[index].lastRelease, last > release { release = last }
        flows[index].lastRelease = release
        flows[index].queue.append(Chunk(release: release, bytes: Array(readBuffer[0..<n])))
        flows[index].queuedBytes += n
        return true
    }

    private enum FlushResult {
        case idle
        case blocked
        case waitUntil(ContinuousClock.Instant)
        case failed
    }

    /// Writes due chunks of a flow to its destination.
    private func flush(_ index: Int, _ faults: DirectionFaults) -> FlushResult {
        defer { flows[index].compact() }
        while !flows[index].isEmpty {
            let head = flows[index].head
            let chunk = flows[index].queue[head]
            let remaining = chunk.bytes.count - chunk.offset
            if faults.isBlackholed {
                discard(index, remaining)
                continue
            }
            let now = clock.now
            if chunk.release > now { return .waitUntil(chunk.release) }
            var allowed = remaining
            if let rate = faults.bytesPerSecond {
                let last = flows[index].tokensAt ?? now
                let elapsed =
                    Double((now - last).components.seconds)
                    + Double((now - last).components.attoseconds) / 1e18
                let burst = max(Double(rate) / 20, 1)
                flows[index].tokens = min(burst, flows[index].tokens + elapsed * Double(rate))
                flows[index].tokensAt = now
                if flows[index].tokens < 1 {
                    let wait = (1 - flows[index].tokens) / Double(rate)
                    return .waitUntil(now + .nanoseconds(Int64(wait * 1e9) + 1))
                }
                allowed = min(allowed, Int(flows[index].tokens))
            }
            let written = chunk.bytes.withUnsafeBytes {
                send(destination(index), $0.baseAddress! + chunk.offset, allowed, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .blocked }
                return .failed
            }
            if faults.bytesPerSecond != nil { flows[index].tokens -= Double(written) }
            core.shared.withLock { shared in
                if index == 0 {
                    shared.stats.bytesForwardedToServer += written
                } else {
                    shared.stats.bytesForwardedToClients += written
                }
            }
            if written == remaining {
                popHead(index)
            } else {
                flows[index].queue[head].offset += written
                if written < allowed { return .blocked }
            }
        }
        return .idle
    }

    private func discard(_ index: Int, _ count: Int) {
        core.shared.withLock { shared in
            if index == 0 {
                shared.stats.bytesDiscardedClientToServer += count
            } else {
                shared.stats.bytesDiscardedServerToClient += count
            }
        }
        popHead(index)
    }

    private func popHead(_ index: Int) {
        let head = flows[index].head
        flows[index].queuedBytes -= flows[index].queue[head].bytes.count
        flows[index].queue[head].bytes = []
        flows[index].head += 1
    }
}

func makeWakePipe() -> (read: Int32, write: Int32)? {
    var fds: [Int32] = [-1, -1]
    if let pipe2 = pipe2Function {
        guard pipe2(&fds, O_CLOEXEC | O_NONBLOCK) == 0 else { return nil }
        return (fds[0], fds[1])
    }
    guard pipe(&fds) == 0 else { return nil }
    for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        Sockets.setNonBlocking(fd)
    }
    return (fds[0], fds[1])
}

/// `pipe2` where available (looked up at run time: the Swift overlay does not export it).
private let pipe2Function: (@convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32)? = {
    #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32).self)
    #else
        return nil
    #endif
}()

func wake(_ fd: Int32) {
    var byte: UInt8 = 1
    _ = write(fd, &byte, 1)
}

func drainWakePipe(_ fd: Int32) {
    var buffer = [UInt8](repeating: 0, count: 64)
    while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
}
