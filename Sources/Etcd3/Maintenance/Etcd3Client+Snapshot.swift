internal import Etcd3Messages
internal import Etcd3Transport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How far a snapshot download has come.
public struct EtcdSnapshotProgress: Sendable, Hashable {
    /// Database bytes received and checked so far (the trailing SHA-256 not included).
    public var bytesReceived: Int64
    /// The database's size in bytes, once the server has said it (`nil` before).
    public var totalBytes: Int64?
}

/// One piece of a snapshot stream (see ``Etcd3Client/snapshot(timeout:)``).
///
/// The pieces in order, concatenated, are the snapshot file as `etcdctl snapshot save` writes
/// it: the backend database followed by its SHA-256 (32 bytes), which `etcdutl snapshot
/// restore` checks.
public struct EtcdSnapshotChunk: Sendable {
    /// The bytes.
    public var bytes: [UInt8]
    /// Whether these are the 32 bytes of the trailing SHA-256 (the last piece, handed out only
    /// after it matched the database bytes) rather than database bytes.
    public var isDigest: Bool
    /// The download's progress after this piece.
    public var progress: EtcdSnapshotProgress
}

/// A complete snapshot, checked against its SHA-256.
public struct EtcdSnapshotSummary: Sendable, Hashable {
    /// The database's size in bytes (the saved file is 32 bytes longer: the SHA-256 follows).
    public var databaseSize: Int64
    /// The SHA-256 of the database, as the server sent it (and as computed from the bytes).
    public var sha256: [UInt8]
    /// The storage version the server reported (etcd 3.6 and later), `nil` when it sent none.
    public var version: String?
}

extension Etcd3Client {
    /// Streams a snapshot of the backend database of the member that answers, piece by piece.
    ///
    /// ```swift
    /// for try await chunk in client.snapshot() {
    ///     try upload(chunk.bytes)      // database bytes, then the 32-byte SHA-256
    ///     print(chunk.progress.bytesReceived, "of", chunk.progress.totalBytes ?? -1)
    /// }
    /// ```
    ///
    /// The stream opens when the iteration starts, on one of the client's connections for
    /// unary calls, and holds about one piece (32 KiB from etcd) in memory whatever the
    /// database's size: the server sends only as fast as the pieces are taken. The last piece
    /// is the trailing SHA-256, handed out only after it matched the database bytes; if it
    /// does not, or the stream ends short, the iteration throws instead. To save a file, use
    /// ``snapshot(to:timeout:progress:)``.
    ///
    /// The snapshot is not retried on another member once bytes have arrived: iterate again
    /// for a new one.
    ///
    /// - Parameter timeout: the deadline for the whole download; `nil` (the default) sets none
    ///   (connection keep-alives still detect a dead server).
    /// - Returns: the pieces, one consumer.
    public nonisolated func snapshot(timeout: Duration? = nil) -> EtcdSnapshotStream {
        EtcdSnapshotStream(core: core, timeout: timeout)
    }

    /// Saves a snapshot of the backend database of the member that answers to `path`, as
    /// `etcdctl snapshot save` does: the database followed by its SHA-256, restorable with
    /// `etcdutl snapshot restore` (etcd 3.5) or `etcdctl snapshot restore` (etcd 3.4).
    ///
    /// ```swift
    /// let summary = try await client.snapshot(to: "/backup/etcd.db") { progress in
    ///     print(progress.bytesReceived, "of", progress.totalBytes ?? -1)
    /// }
    /// ```
    ///
    /// The bytes go to `path` + `.part` first; once the SHA-256 matched, the file is flushed to
    /// disk (`fsync`) and renamed to `path` (replacing a file there). On any failure the
    /// partial file is removed and `path` is left as it was. Memory use stays at about one
    /// piece of the stream whatever the database's size.
    ///
    /// - Parameters:
    ///   - path: the file to write.
    ///   - timeout: the deadline for the whole download; `nil` (the default) sets none.
    ///   - progress: called after each piece written, on the calling task (which prefers the
    ///     global concurrent executor meanwhile: the file is never written on the client's I/O
    ///     thread).
    /// - Returns: the database's size and SHA-256.
    /// - Throws: ``EtcdError``: `.corrupt` when the SHA-256 does not match the bytes;
    ///   `.protocolViolation` when the stream ends short or its sizes disagree; `.unavailable`
    ///   when no member could be reached or the stream broke; `.cancelled` when the task was
    ///   cancelled; `.invalidArgument` when `path.part` cannot be created; `.unknown` when
    ///   writing, flushing or renaming the file fails; what the server ended the stream with
    ///   (`.permissionDenied`, …).
    @discardableResult
    public nonisolated func snapshot(
        to path: String,
        timeout: Duration? = nil,
        progress: (EtcdSnapshotProgress) -> Void = { _ in }
    ) async throws(EtcdError) -> EtcdSnapshotSummary {
        // Writing and flushing the file blocks: never on the client's I/O thread, even when the
        // caller prefers it as task executor.
        try await withTaskExecutorPreference(globalConcurrentExecutor) { () async throws(EtcdError) -> EtcdSnapshotSummary in
            let file = try SnapshotFile(creating: path + ".part")
            do throws(EtcdError) {
                var pieces = snapshot(timeout: timeout).makeAsyncIterator()
                while let chunk = try await pieces.next() {
                    try file.append(chunk.bytes)
                    progress(chunk.progress)
                }
                guard let summary = pieces.summary else {
                    throw EtcdError(.protocolViolation, "the snapshot stream ended without a summary")
                }
                try file.commit(as: path)
                return summary
            } catch {
                file.discard()
                throw error
            }
        }
    }
}

/// The pieces of a snapshot of the backend database, as the server streams them (see
/// ``Etcd3Client/snapshot(timeout:)``). Iterate it once.
public struct EtcdSnapshotStream: AsyncSequence, Sendable {
    /// One piece of the snapshot.
    public typealias Element = EtcdSnapshotChunk
    /// Why the snapshot failed.
    public typealias Failure = EtcdError

    let core: ClientCore
    let timeout: Duration?

    /// Creates the iterator; the stream opens on its first ``AsyncIterator/next()``.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(core: core, timeout: timeout)
    }

    /// Iterates the pieces of a snapshot.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// One piece of the snapshot.
        public typealias Element = EtcdSnapshotChunk
        /// Why the snapshot failed.
        public typealias Failure = EtcdError

        let core: ClientCore
        let timeout: Duration?
        private var stream: GRPCStream?
        private var messages: GRPCStream.Messages.Iterator?
        private var token: String?
        private var assembler = SnapshotAssembler()
        private var reauthenticated = false
        private var ended = false
        /// The call as the client's observer sees it, from the first opening on (`nil` without
        /// an observer).
        private var observation: StreamCallObservation?

        /// The complete snapshot's size and SHA-256, once the iteration ended normally.
        public private(set) var summary: EtcdSnapshotSummary?

        init(core: ClientCore, timeout: Duration?) {
            self.core = core
            self.timeout = timeout
        }

        /// The next piece.
        ///
        /// - Returns: database bytes, then the 32-byte SHA-256; `nil` after that (or after
        ///   a failure was thrown).
        /// - Throws: ``EtcdError``, as ``Etcd3Client/snapshot(to:timeout:progress:)``.
        public mutating func next() async throws(EtcdError) -> EtcdSnapshotChunk? {
            try await next(isolation: nil)
        }

        /// The next piece; see ``next()``.
        ///
        /// - Parameter actor: the caller's actor.
        /// - Returns: the next piece, `nil` at the end.
        /// - Throws: ``EtcdError``, as ``next()``.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(EtcdError) -> EtcdSnapshotChunk? {
            guard !ended else { return nil }
            do {
                return try await nextPiece(isolation: actor)
            } catch {
                closeStream()
                ended = true
                observation?.finish(error: error)
                throw error
            }
        }

        private mutating func nextPiece(isolation actor: isolated (any Actor)?) async throws(EtcdError) -> EtcdSnapshotChunk? {
            while true {
                if messages == nil { try await open(isolation: actor) }
                let message: [UInt8]?
                do {
                    message = try await messages!.next(isolation: actor)
                } catch {
                    await core.streamFailed(error, token: token)
                    // A token rejected before any byte arrived was renewed: open once more.
                    if assembler.receivedBytes == 0, !reauthenticated, core.tokens.credentials != nil,
                        case .rpc = error.kind,
                        isTokenRefreshable(grpcCode: Int(error.status.code.rawValue), message: error.status.message)
                    {
                        reauthenticated = true
                        closeStream()
                        continue
                    }
                    throw failure(error)
                }
                guard let message else { return try finish() }
                let response: Etcdserverpb.SnapshotResponse
                do {
                    response = try Etcdserverpb.SnapshotResponse(wireBytes: message)
                } catch {
                    throw EtcdError(.protocolViolation, "the server's snapshot message could not be decoded: \(error)")
                }
                let bytes: [UInt8]
                do {
                    bytes = try assembler.receive(
                        blob: response.blob, remainingBytes: response.remainingBytes, version: response.version)
                } catch {
                    throw Self.error(error)
                }
                if bytes.isEmpty { continue }
                return EtcdSnapshotChunk(bytes: bytes, isDigest: false, progress: progress)
            }
        }

        private var progress: EtcdSnapshotProgress {
            EtcdSnapshotProgress(bytesReceived: assembler.releasedBytes, totalBytes: assembler.declaredSize)
        }

        /// After the stream ended normally: checks the digest and hands it out as the last piece.
        private mutating func finish() throws(EtcdError) -> EtcdSnapshotChunk {
            closeStream()
            let result: SnapshotAssembler.Result
            do {
                result = try assembler.finish()
            } catch {
                throw Self.error(error)
            }
            ended = true
            summary = EtcdSnapshotSummary(databaseSize: result.databaseSize, sha256: result.digest, version: assembler.version)
            observation?.finish(error: nil)
            return EtcdSnapshotChunk(
                bytes: result.digest, isDigest: true,
                progress: EtcdSnapshotProgress(bytesReceived: result.databaseSize, totalBytes: result.databaseSize))
        }

        /// Opens the stream on a connection for unary calls (a snapshot is a bulk transfer:
        /// it must not share a window with watches) and sends the request; a few attempts when
        /// no endpoint can take it. The first opening reports the call to the observer.
        private mutating func open(isolation actor: isolated (any Actor)?) async throws(EtcdError) {
            try await core.admission.admitStream(timeout: core.configuration.requestTimeout)
            if observation == nil {
                observation = StreamCallObservation(observer: core.observer, path: Etcdserverpb.Maintenance.snapshot.path)
            }
            if core.tokens.needsToken { try await core.refreshToken(replacing: nil) }
            let frame = Etcdserverpb.SnapshotRequest().grpcFrame()
            let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
            var attempts = 0
            while true {
                attempts += 1
                if Task.isCancelled { throw EtcdError(.cancelled, "the snapshot was cancelled") }
                if core.pool.isClosed { throw EtcdError(.closed, "the client is closed") }
                let (connection, index) = try await core.pool.acquire(
                    deadline: .now + core.configuration.connectTimeout)
                observation?.attempted(connection.endpoint)
                let token = core.tokens.token
                let failure: TransportError
                do {
                    let stream = try await connection.openStream(
                        path: Etcdserverpb.Maintenance.snapshot.path,
                        metadata: token.map { [("token", $0)] } ?? [], timeout: timeout)
                    do {
                        try await stream.send(frame)
                        await stream.finishSending()
                        self.stream = stream
                        self.token = token
                        messages = stream.messages.makeAsyncIterator()
                        return
                    } catch {
                        stream.cancel()
                        failure = error
                    }
                } catch {
                    core.pool.connectionFailed(connection, index: index)
                    failure = error
                }
                guard attempts < 3 else { throw EtcdError(.unavailable, "no endpoint could open a snapshot stream") }
                observation?.retried(EtcdError(exhausted: failure))
                do {
                    try await Task.sleep(for: backoff.delay(forAttempt: attempts))
                } catch {
                    throw EtcdError(.cancelled, "the snapshot was cancelled")
                }
            }
        }

        private mutating func closeStream() {
            stream?.cancel()
            stream = nil
            messages = nil
        }

        /// The error a failed stream ends the snapshot with.
        private func failure(_ error: TransportError) -> EtcdError {
            switch error.kind {
            case .rpc:
                return EtcdError(serverStatus: error.status)
            case .cancelled:
                return EtcdError(.cancelled, "the snapshot was cancelled")
            case .closed where core.pool.isClosed:
                return EtcdError(.closed, "the client is closed")
            case .deadlineExceeded:
                return EtcdError(.deadlineExceeded, "the snapshot did not complete before its deadline")
            case .responseTooLarge(let limit):
                return EtcdError(.responseTooLarge, "a snapshot message is larger than the receive limit", limit: limit)
            default:
                return EtcdError(
                    .unavailable,
                    "the snapshot stream failed after \(assembler.receivedBytes) bytes: \(error.message)")
            }
        }

        private static func error(_ failure: SnapshotAssembler.Failure) -> EtcdError {
            switch failure {
            case .digestMismatch: EtcdError(.corrupt, "\(failure)")
            default: EtcdError(.protocolViolation, "\(failure)")
            }
        }
    }
}

@available(*, unavailable)
extension EtcdSnapshotStream.AsyncIterator: Sendable {}

/// A snapshot file being written under a temporary name, renamed once complete.
final class SnapshotFile {
    let temporaryPath: String
    /// Open until committed or discarded.
    private var descriptor: Int32?

    /// Creates (or truncates) `temporaryPath`, readable by the owner only.
    init(creating temporaryPath: String) throws(EtcdError) {
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EtcdError(.invalidArgument, "cannot create \(temporaryPath): \(Self.reason())")
        }
        self.temporaryPath = temporaryPath
        self.descriptor = descriptor
    }

    deinit { discard() }

    /// Appends `bytes`.
    func append(_ bytes: [UInt8]) throws(EtcdError) {
        guard let descriptor else { throw EtcdError(.unknown, "\(temporaryPath) is already closed") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw EtcdError(.unknown, "writing \(temporaryPath) failed: \(Self.reason())")
            }
            offset += written
        }
    }

    /// Flushes the file to disk, closes it and renames it to `path`, then flushes the
    /// directory entry. On failure the temporary file is removed.
    func commit(as path: String) throws(EtcdError) {
        guard let descriptor else { throw EtcdError(.unknown, "\(temporaryPath) is already closed") }
        guard fsync(descriptor) == 0 else {
            let error = EtcdError(.unknown, "flushing \(temporaryPath) failed: \(Self.reason())")
            discard()
            throw error
        }
        close(descriptor)
        self.descriptor = nil
        guard rename(temporaryPath, path) == 0 else {
            let error = EtcdError(.unknown, "renaming \(temporaryPath) to \(path) failed: \(Self.reason())")
            unlink(temporaryPath)
            throw error
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Closes and removes the partial file (nothing after a commit).
    func discard() {
        guard let descriptor else { return }
        close(descriptor)
        self.descriptor = nil
        unlink(temporaryPath)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
