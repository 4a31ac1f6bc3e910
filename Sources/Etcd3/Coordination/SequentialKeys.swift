/// The shape of sequential keys: `prefix` followed by exactly 20 ASCII digits, the sequence
/// number zero-padded (`/jobs/00000000000000000042`), so that key order is number order.
enum SequentialKey {
    /// The width of the sequence number.
    static let digits = 20
    /// How many times ``Etcd3Client/append(to:_:lease:timeout:)`` tries before giving up.
    static let maxAppendAttempts = 256
    /// How many conflicting appends in a row are retried at once, before a short pause.
    static let attemptsBetweenPauses = 8
    /// The pause between conflicting appends (and between a queue's lost takes).
    static let conflictBackoff = Backoff(initial: .milliseconds(2), maximum: .milliseconds(32))

    /// The key that holds the last number issued under `prefix` (`prefix + ".sequence"`): it
    /// sorts before every sequential key, and only appends write it.
    static func counterKey(_ prefix: EtcdBytes) -> EtcdBytes { prefix + ".sequence" }

    /// The number of the next key: above the last number issued and above the last
    /// sequential key's number.
    static func nextNumber(issued: EtcdKeyValue?, last: EtcdKeyValue?, prefix: EtcdBytes) throws(EtcdError) -> Int64 {
        var number: Int64 = 1
        if let issued {
            guard let text = issued.value.string, let count = Int64(text), count >= 0, count < Int64.max else {
                throw EtcdError(
                    .invalidArgument,
                    "the sequence counter \(issued.key) holds \(issued.value), not a number; nothing was written")
            }
            number = count + 1
        }
        if let last {
            guard let lastNumber = SequentialKey.number(of: last.key, prefix: prefix), lastNumber < Int64.max else {
                throw EtcdError(
                    .invalidArgument,
                    "the last key under the prefix that starts with a digit, \(last.key), is not a sequential "
                        + "key (prefix + 20 digits); nothing was written")
            }
            number = max(number, lastNumber + 1)
        }
        return number
    }

    /// The first key a sequential key under `prefix` can be (`prefix + "0"`).
    static func rangeStart(_ prefix: EtcdBytes) -> EtcdBytes { prefix + [UInt8(ascii: "0")] }
    /// The end (exclusive) of the keys under `prefix` that start with a digit (`prefix + ":"`).
    static func rangeEnd(_ prefix: EtcdBytes) -> EtcdBytes { prefix + [UInt8(ascii: "9") + 1] }

    /// The key of sequence number `number` under `prefix`.
    static func key(_ prefix: EtcdBytes, _ number: Int64) -> EtcdBytes {
        let text = String(number)
        return prefix + EtcdBytes(String(repeating: "0", count: max(0, digits - text.count)) + text)
    }

    /// The sequence number at the start of `key`'s name under `prefix`, or `nil` when the name
    /// does not start with 20 digits (or the number does not fit an `Int64`).
    static func number(of key: EtcdBytes, prefix: EtcdBytes) -> Int64? {
        let name = key.bytes.dropFirst(prefix.count)
        guard key.bytes.starts(with: prefix.bytes), name.count >= digits else { return nil }
        var number: Int64 = 0
        for byte in name.prefix(digits) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            number = sum
        }
        return number
    }

    /// Whether `key` is exactly `prefix` + 20 digits.
    static func isSequential(_ key: EtcdBytes, prefix: EtcdBytes) -> Bool {
        key.count == prefix.count + digits && number(of: key, prefix: prefix) != nil
    }

    /// Reads the last key under `prefix` that starts with a digit, in one request.
    static let lastKeyOptions = EtcdRangeOptions(limit: 1, sortOrder: .descending, sortTarget: .key)
}

extension Etcd3Client {
    /// Creates a key under `prefix` that sorts after every sequential key already there, and
    /// writes `value` at it: an in-order key, as etcd v2's `POST` to a directory
    /// (python-etcd's `write(dir, value, append=True)`).
    ///
    /// ```swift
    /// let job = try await client.append(to: "/jobs/", "resize photo 17")
    /// print(job.key)   // /jobs/00000000000000001234
    /// for kv in try await client.getSequential("/jobs/") { print(kv.key, kv.value) }
    /// ```
    ///
    /// **Key format.** The key is `prefix` followed by a 20-digit, zero-padded decimal sequence
    /// number, so byte order is number order: `/jobs/00000000000000000001`, `…02`, … The last
    /// number issued is kept in the counter key `prefix + ".sequence"` (which sorts before the
    /// sequential keys and is not one of them), so numbers are never issued twice and keep
    /// growing after the keys were taken or deleted. Deleting the whole prefix (counter
    /// included) starts the numbering again after the last sequential key left, or at 1.
    ///
    /// **Atomicity.** The append reads the counter and the last key under the prefix that
    /// starts with a digit, then writes the counter and the new key in one transaction that
    /// requires the counter unchanged and no such key after the last one seen. When another
    /// append got in first, it retries with the state the failed transaction read (up to 256
    /// times; after every 8 conflicts in a row it pauses for a few jittered milliseconds and
    /// reads afresh). So every new key sorts after every sequential key created before it,
    /// whether or not that key still exists, and two appends never get the same key.
    ///
    /// Keep keys that are not sequential out of the prefix, or give them names that do not
    /// start with a digit: a key under the prefix that starts with a digit but is not
    /// `prefix` + 20 digits (`/jobs/7`) makes the append fail, since no sequential key could
    /// sort after it as promised.
    ///
    /// - Parameters:
    ///   - prefix: the directory of the keys, usually ending with `/` (not empty).
    ///   - value: the value to write.
    ///   - lease: a lease to attach the new key to.
    ///   - timeout: the deadline of each call the append makes; ``Configuration/requestTimeout``
    ///     when `nil`.
    /// - Returns: the created pair: its key, value and lease; `createRevision` and `modRevision`
    ///   are the revision of the write, `version` is 1.
    /// - Throws: ``EtcdError``: `.invalidArgument` for an empty prefix, when the last key
    ///   under the prefix that starts with a digit is not a sequential key, or when the counter
    ///   key holds something other than a number;
    ///   `.retriesExhausted` when 256 attempts in a row lost to other appenders (nothing was
    ///   written); `.indeterminate` when the write may have been applied but no answer came
    ///   (a key may exist that the caller does not know); `.leaseNotFound`, `.unavailable`,
    ///   `.deadlineExceeded`, `.cancelled` as ``put(_:_:lease:timeout:)``.
    public nonisolated func append(
        to prefix: EtcdBytes,
        _ value: EtcdBytes,
        lease: EtcdLeaseID? = nil,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> EtcdKeyValue {
        try Self.validateKey(prefix)
        let start = SequentialKey.rangeStart(prefix)
        let end = SequentialKey.rangeEnd(prefix)
        let counter = SequentialKey.counterKey(prefix)
        let look = [EtcdTxnOp.get(counter), .getRange(start, end: end, options: SequentialKey.lastKeyOptions)]
        var view = try await transaction(compare: [], success: look, timeout: timeout)
        for attempt in 1...SequentialKey.maxAppendAttempts {
            let issued = view.responses.first?.range?.kvs.first
            let last = view.responses.dropFirst().first?.range?.kvs.first
            let number = try SequentialKey.nextNumber(issued: issued, last: last, prefix: prefix)
            let key = SequentialKey.key(prefix, number)
            // The counter is as we read it (no append since), and nothing exists after the
            // last key we saw (that covers the new key itself).
            let after = last.map { EtcdBytes($0.key.bytes + [0]) } ?? start
            let result = try await transaction(
                compare: [
                    .modRevision(counter) == (issued?.modRevision ?? 0),
                    EtcdCompare(key: after, rangeEnd: end, relation: .equal, target: .createRevision(0)),
                ],
                success: [.put(counter, EtcdBytes(String(number))), .put(key, value, lease: lease)],
                failure: look,
                timeout: timeout)
            if result.succeeded {
                let revision = result.header.revision
                return EtcdKeyValue(
                    key: key, value: value, createRevision: revision, modRevision: revision, version: 1, lease: lease)
            }
            // Another append got in first; the failed transaction read the new state. Retry at
            // once; now and then pause a little and read afresh, so that appenders spread out.
            view = result
            if attempt % SequentialKey.attemptsBetweenPauses == 0 {
                try await Self.pause(SequentialKey.conflictBackoff.delay(forAttempt: attempt / SequentialKey.attemptsBetweenPauses))
                view = try await transaction(compare: [], success: look, timeout: timeout)
            }
        }
        throw EtcdError(
            .retriesExhausted,
            "\(SequentialKey.maxAppendAttempts) appends under \(prefix) in a row lost to other appenders; "
                + "nothing was written")
    }

    /// Reads the sequential keys under `prefix` (those ``append(to:_:lease:timeout:)``
    /// creates: `prefix` + 20 digits), in sequence order, which is key order.
    ///
    /// ```swift
    /// let pending = try await client.getSequential("/jobs/", options: EtcdRangeOptions(limit: 10))
    /// ```
    ///
    /// Keys under the prefix of any other shape are left out.
    ///
    /// - Parameters:
    ///   - prefix: the directory of the keys (not empty).
    ///   - options: read options, as ``getRange(_:end:options:timeout:)`` (`limit` counts the
    ///     keys read before the others are left out; `revision` reads the keys as they were).
    ///   - timeout: the deadline of each page's call.
    /// - Returns: the sequential pairs in key order.
    /// - Throws: ``EtcdError``, as ``get(_:options:timeout:)``.
    public nonisolated func getSequential(
        _ prefix: EtcdBytes,
        options: EtcdRangeOptions = .default,
        timeout: Duration? = nil
    ) async throws(EtcdError) -> [EtcdKeyValue] {
        try Self.validateKey(prefix)
        let kvs = try await getRange(
            SequentialKey.rangeStart(prefix), end: SequentialKey.rangeEnd(prefix), options: options, timeout: timeout)
        return kvs.filter { SequentialKey.isSequential($0.key, prefix: prefix) }
    }

    /// Sleeps for `delay`; task cancellation ends it with `.cancelled`.
    static func pause(_ delay: Duration) async throws(EtcdError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw EtcdError(.cancelled, "cancelled while pausing between attempts")
        }
    }
}
