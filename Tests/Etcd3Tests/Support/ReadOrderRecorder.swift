import Etcd3
import Synchronization

/// Records reads as their caller sees them: for each, the highest revision any recorded read
/// had returned when it began, and the revision it returned. A read that returns less than
/// that went back in time (`Docs/KV.md`, "Monotonic reads").
final class ReadOrderRecorder: Sendable {
    struct Figures: Sendable, CustomStringConvertible {
        /// Reads that returned.
        var returned = 0
        /// The highest revision returned.
        var highest: Int64 = 0
        /// Reads that returned a revision below one already returned before they began.
        var violations: [Violation] = []
        /// Reads that failed with `.staleRead`.
        var staleReads = 0
        /// Reads that failed otherwise.
        var otherErrors: [EtcdError] = []

        var description: String {
            "\(returned) returned, highest revision \(highest), \(violations.count) below a revision already returned"
                + (violations.isEmpty ? "" : " (\(violations.prefix(5)))")
                + ", \(staleReads) failed staleRead, other errors \(otherErrors.map { "\($0.code)" })"
        }
    }

    struct Violation: Sendable, CustomStringConvertible {
        var floor: Int64
        var revision: Int64
        var description: String { "\(revision) after \(floor)" }
    }

    private let state = Mutex(Figures())

    var figures: Figures { state.withLock { $0 } }

    /// Runs one read; `body` returns the revision of its answer.
    func read(_ body: () async throws(EtcdError) -> Int64) async {
        let floor = state.withLock { $0.highest }
        do {
            let revision = try await body()
            state.withLock {
                $0.returned += 1
                if revision < floor { $0.violations.append(Violation(floor: floor, revision: revision)) }
                $0.highest = max($0.highest, revision)
            }
        } catch {
            state.withLock {
                if error.code == .staleRead { $0.staleReads += 1 } else { $0.otherErrors.append(error) }
            }
        }
    }
}

extension EtcdRangeOptions {
    /// A serializable read of the latest revision.
    static var serializableRead: EtcdRangeOptions {
        var options = EtcdRangeOptions()
        options.serializable = true
        return options
    }
}
