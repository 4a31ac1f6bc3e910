internal import CEtcd3NGHTTP2

/// Owns an `nghttp2_session*` (client side) whose callbacks reach the connection through
/// `user_data`; freed in `deinit`.
final class NGHTTP2Session {
    let pointer: OpaquePointer

    /// Stream window we announce; the server may send this much per stream ahead of the
    /// consumer (the bound of a stream's buffer).
    static let streamWindow: UInt32 = 1 << 20
    /// Connection window: large, so slow streams never starve unary calls.
    static let connectionWindow: Int32 = 1 << 30

    /// Creates the session, queues our SETTINGS and the connection WINDOW_UPDATE.
    /// `connection` must outlive the session (it owns it).
    init(connection: HTTP2Connection) throws(TransportError) {
        var callbacks: OpaquePointer?
        // Returns 0 or NGHTTP2_ERR_NOMEM.
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
            throw .local(.connectFailed, .unavailable, "nghttp2 out of memory", .notSent)
        }
        defer { nghttp2_session_callbacks_del(callbacks) }
        installCallbacks(callbacks)
        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else {
            throw .local(.connectFailed, .unavailable, "nghttp2 out of memory", .notSent)
        }
        defer { nghttp2_option_del(option) }
        // We report consumed bytes ourselves (back-pressure for streams).
        nghttp2_option_set_no_auto_window_update(option, 1)
        nghttp2_option_set_peer_max_concurrent_streams(option, 1000)
        var session: OpaquePointer?
        let user = Unmanaged.passUnretained(connection).toOpaque()
        guard nghttp2_session_client_new2(&session, callbacks, user, option) == 0, let session else {
            throw .local(.connectFailed, .unavailable, "nghttp2_session_client_new2 failed", .notSent)
        }
        pointer = session
        var settings = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: Self.streamWindow),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue), value: 1 << 20),
        ]
        // Both return 0 or a negative error (only NOMEM / invalid arguments here).
        var rc = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        if rc == 0 {
            rc = nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Self.connectionWindow)
        }
        if rc != 0 {
            nghttp2_session_del(session)
            throw .local(.connectFailed, .unavailable, "nghttp2 settings failed: \(rc)", .notSent)
        }
    }

    deinit {
        nghttp2_session_del(pointer)
    }
}
