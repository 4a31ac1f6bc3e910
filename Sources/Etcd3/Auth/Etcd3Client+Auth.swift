import Etcd3Messages

/// A permission a role grants: read, write or both, on a key, a range or a prefix.
public struct EtcdPermission: Sendable, Hashable {
    /// What the permission allows.
    public enum Access: Sendable, Hashable {
        case read, write, readWrite
    }

    /// What the permission allows.
    public var access: Access
    /// The key, or the start of the range.
    public var key: EtcdBytes
    /// The end of the range (exclusive), or `nil` for the single key.
    public var rangeEnd: EtcdBytes?

    /// A permission on one key, or on `[key, rangeEnd)`.
    public init(_ access: Access, key: EtcdBytes, rangeEnd: EtcdBytes? = nil) {
        self.access = access
        self.key = key
        self.rangeEnd = rangeEnd
    }

    /// A permission on every key under `prefix`.
    public static func prefix(_ access: Access, _ prefix: EtcdBytes) -> EtcdPermission {
        EtcdPermission(access, key: prefix, rangeEnd: prefix.prefixRangeEnd)
    }

    init(_ permission: Authpb.Permission) {
        let access: Access =
            switch permission.permType {
            case .read: .read
            case .write: .write
            default: .readWrite
            }
        self.init(
            access, key: EtcdBytes(permission.key),
            rangeEnd: permission.rangeEnd.isEmpty ? nil : EtcdBytes(permission.rangeEnd))
    }

    var wire: Authpb.Permission {
        var permission = Authpb.Permission()
        permission.permType =
            switch access {
            case .read: .read
            case .write: .write
            case .readWrite: .readwrite
            }
        permission.key = key.bytes
        permission.rangeEnd = rangeEnd?.bytes ?? []
        return permission
    }
}

extension Etcd3Client {
    // MARK: Auth switch

    /// Turns authentication on. A user `root` with the role `root` must exist first.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the root user or role is missing.
    public nonisolated func enableAuth(timeout: Duration? = nil) async throws(EtcdError) {
        _ = try await core.unary(Etcdserverpb.Auth.authEnable, .init(), kind: .mutation, timeout: timeout)
    }

    /// Turns authentication off (needs the root role).
    ///
    /// - Throws: ``EtcdError`` `.permissionDenied` without the root role.
    public nonisolated func disableAuth(timeout: Duration? = nil) async throws(EtcdError) {
        _ = try await core.unary(Etcdserverpb.Auth.authDisable, .init(), kind: .mutation, timeout: timeout)
    }

    /// Whether authentication is on, and the auth store's revision (etcd 3.5 and later).
    ///
    /// - Throws: ``EtcdError``: `.unimplemented` from etcd 3.4; otherwise as
    ///   ``get(_:options:timeout:)``.
    public nonisolated func authStatus(timeout: Duration? = nil) async throws(EtcdError) -> (isEnabled: Bool, revision: UInt64) {
        let response = try await core.unary(Etcdserverpb.Auth.authStatus, .init(), kind: .idempotent, timeout: timeout)
        return (response.enabled, response.authRevision)
    }

    // MARK: Users

    /// Adds a user.
    ///
    /// - Parameters:
    ///   - name: the user name.
    ///   - password: the password; `nil` creates a user that can only authenticate with a TLS
    ///     client certificate whose CN is `name`.
    ///   - timeout: the call's deadline.
    /// - Throws: ``EtcdError`` `.auth` when the user exists.
    public nonisolated func addUser(_ name: String, password: String?, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthUserAddRequest()
        request.name = name
        request.password = password ?? ""
        var options = Authpb.UserAddOptions()
        options.noPassword = password == nil
        request.options = options
        _ = try await core.unary(Etcdserverpb.Auth.userAdd, request, kind: .mutation, timeout: timeout)
    }

    /// Deletes a user.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the user does not exist.
    public nonisolated func deleteUser(_ name: String, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthUserDeleteRequest()
        request.name = name
        _ = try await core.unary(Etcdserverpb.Auth.userDelete, request, kind: .mutation, timeout: timeout)
    }

    /// Changes a user's password.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the user does not exist.
    public nonisolated func changePassword(
        ofUser name: String,
        to password: String,
        timeout: Duration? = nil
    ) async throws(EtcdError) {
        var request = Etcdserverpb.AuthUserChangePasswordRequest()
        request.name = name
        request.password = password
        _ = try await core.unary(Etcdserverpb.Auth.userChangePassword, request, kind: .mutation, timeout: timeout)
    }

    /// Grants a role to a user.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the user or role does not exist.
    public nonisolated func grantRole(_ role: String, toUser user: String, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthUserGrantRoleRequest()
        request.user = user
        request.role = role
        _ = try await core.unary(Etcdserverpb.Auth.userGrantRole, request, kind: .mutation, timeout: timeout)
    }

    /// Revokes a role from a user.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the user does not have the role.
    public nonisolated func revokeRole(_ role: String, fromUser user: String, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthUserRevokeRoleRequest()
        request.name = user
        request.role = role
        _ = try await core.unary(Etcdserverpb.Auth.userRevokeRole, request, kind: .mutation, timeout: timeout)
    }

    /// The roles of a user.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the user does not exist.
    public nonisolated func roles(ofUser name: String, timeout: Duration? = nil) async throws(EtcdError) -> [String] {
        var request = Etcdserverpb.AuthUserGetRequest()
        request.name = name
        return try await core.unary(Etcdserverpb.Auth.userGet, request, kind: .idempotent, timeout: timeout).roles
    }

    /// Every user name.
    public nonisolated func users(timeout: Duration? = nil) async throws(EtcdError) -> [String] {
        try await core.unary(Etcdserverpb.Auth.userList, .init(), kind: .idempotent, timeout: timeout).users
    }

    // MARK: Roles

    /// Adds a role.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the role exists.
    public nonisolated func addRole(_ name: String, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthRoleAddRequest()
        request.name = name
        _ = try await core.unary(Etcdserverpb.Auth.roleAdd, request, kind: .mutation, timeout: timeout)
    }

    /// Deletes a role.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the role does not exist.
    public nonisolated func deleteRole(_ name: String, timeout: Duration? = nil) async throws(EtcdError) {
        var request = Etcdserverpb.AuthRoleDeleteRequest()
        request.role = name
        _ = try await core.unary(Etcdserverpb.Auth.roleDelete, request, kind: .mutation, timeout: timeout)
    }

    /// Grants a permission to a role.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the role does not exist.
    public nonisolated func grantPermission(
        _ permission: EtcdPermission,
        toRole role: String,
        timeout: Duration? = nil
    ) async throws(EtcdError) {
        var request = Etcdserverpb.AuthRoleGrantPermissionRequest()
        request.name = role
        request.perm = permission.wire
        _ = try await core.unary(Etcdserverpb.Auth.roleGrantPermission, request, kind: .mutation, timeout: timeout)
    }

    /// Revokes the permission on `key` (or `[key, rangeEnd)`) from a role.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the role has no such permission.
    public nonisolated func revokePermission(
        key: EtcdBytes,
        rangeEnd: EtcdBytes? = nil,
        fromRole role: String,
        timeout: Duration? = nil
    ) async throws(EtcdError) {
        var request = Etcdserverpb.AuthRoleRevokePermissionRequest()
        request.role = role
        request.key = key.bytes
        request.rangeEnd = rangeEnd?.bytes ?? []
        _ = try await core.unary(Etcdserverpb.Auth.roleRevokePermission, request, kind: .mutation, timeout: timeout)
    }

    /// The permissions of a role.
    ///
    /// - Throws: ``EtcdError`` `.auth` when the role does not exist.
    public nonisolated func permissions(ofRole name: String, timeout: Duration? = nil) async throws(EtcdError) -> [EtcdPermission] {
        var request = Etcdserverpb.AuthRoleGetRequest()
        request.role = name
        return try await core.unary(Etcdserverpb.Auth.roleGet, request, kind: .idempotent, timeout: timeout)
            .perm.map(EtcdPermission.init)
    }

    /// Every role name.
    public nonisolated func roles(timeout: Duration? = nil) async throws(EtcdError) -> [String] {
        try await core.unary(Etcdserverpb.Auth.roleList, .init(), kind: .idempotent, timeout: timeout).roles
    }
}
