/// One change to a watched key.
public struct EtcdWatchEvent: Sendable, Hashable {
    /// What happened to the key.
    public enum Kind: Sendable, Hashable {
        /// The key was created or updated.
        case put
        /// The key was deleted (``EtcdWatchEvent/kv`` then holds the key and the delete's revision).
        case delete
    }

    /// What happened.
    public var kind: Kind
    /// The key-value pair after the change; `kv.modRevision` is the change's revision.
    public var kv: EtcdKeyValue
    /// The pair before the change, when the watch asked for it (``EtcdWatchOptions/prevKV``).
    public var prevKV: EtcdKeyValue?

    /// Creates an event.
    public init(kind: Kind, kv: EtcdKeyValue, prevKV: EtcdKeyValue? = nil) {
        self.kind = kind
        self.kv = kv
        self.prevKV = prevKV
    }

    /// The revision of the change.
    public var revision: Int64 { kv.modRevision }
}

/// How to watch.
public struct EtcdWatchOptions: Sendable, Hashable {
    /// The first revision to deliver; `nil` starts with the next change after the watch is
    /// created. A revision that was compacted ends the watch with ``EtcdError/Code/compacted``.
    public var startRevision: Int64?
    /// Deliver each event's previous key-value pair.
    public var prevKV: Bool
    /// Leave out puts.
    public var filterPuts: Bool
    /// Leave out deletes.
    public var filterDeletes: Bool
    /// Ask the server for periodic progress notifications (see ``EtcdWatchUpdate/progress(revision:)``).
    public var progressNotify: Bool

    /// Creates options; every one defaults to off.
    public init(
        startRevision: Int64? = nil,
        prevKV: Bool = false,
        filterPuts: Bool = false,
        filterDeletes: Bool = false,
        progressNotify: Bool = false
    ) {
        self.startRevision = startRevision
        self.prevKV = prevKV
        self.filterPuts = filterPuts
        self.filterDeletes = filterDeletes
        self.progressNotify = progressNotify
    }
}

/// What a watch delivers when its lifecycle matters: changes, progress and resumptions.
///
/// Read them from ``EtcdWatchSequence/updates``; a plain `for try await event in watch` loop sees
/// only the events.
public enum EtcdWatchUpdate: Sendable, Hashable {
    /// The changes of one or more revisions, in revision order, never split within a revision.
    case events([EtcdWatchEvent])
    /// Every change up to `revision` has been delivered.
    case progress(revision: Int64)
    /// The watch's stream failed (a dropped connection, a restarted or leaderless member) and
    /// the watch was re-established on a new one, from `revision`: the revision after the last
    /// delivered change. Nothing was missed; the next change has at least this revision.
    case resumed(revision: Int64)
}
