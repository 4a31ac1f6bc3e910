// etcd3ctl: a command line client for etcd v3 built on Etcd3, following etcdctl v3's command
// names, flags, plain output and exit statuses, so the two can be compared side by side:
//
//   swift run etcd3ctl --endpoints 127.0.0.1:2379 put /config/a 1
//   swift run etcd3ctl --endpoints 127.0.0.1:2379 get --prefix /
//
// One file per command group: KVCommands (get, put, del), WatchCommand, LeaseCommands,
// CoordinationCommands (lock, elect), ClusterCommands (endpoint, member), MaintenanceCommands
// (snapshot, alarm, compaction, defrag) and AuthCommands (user, role), with the global flags in
// GlobalOptions, output in Output, and signal handling in Signals.
//
// Where it differs from etcdctl (3.4, the reference of Tests/Etcd3ctlTests):
// - `-w` is simple or json, and json only for get, put, del, endpoint and member list; table
//   only for endpoint and member list; other formats exit with 4.
// - `endpoint health` and `endpoint status` print the endpoints in the order given (etcdctl's
//   health prints them as they answer). A failed status or health check prints the client's
//   reason. A healthy endpoint's line goes to standard output, as etcdctl 3.5 prints it
//   (etcdctl 3.4 prints it to standard error). Table cells are not wrapped at 30 characters. `member list --consistency` reads the list through the leader (etcd 3.5).
// - `get --count-only` (not in etcdctl 3.4; 3.5 wants `-w fields`) prints the count alone.
// - Connecting fails within --dial-timeout with the client's reason ("connecting to … failed"),
//   where etcdctl says "context deadline exceeded" after --command-timeout. An empty key is
//   refused before sending ("the key is empty"), not by the server ("key is not provided").
// - `--endpoints` wins over ETCDCTL_ENDPOINTS; etcdctl refuses to run with both.
// - Unknown flags and commands exit with 1 as in etcdctl, in ArgumentParser's words and
//   without the usage text; subcommand help does not list the global flags.
// - watch and lock/elect/keep-alive exit 0 on SIGINT or SIGTERM (etcdctl's watch is killed).
//   watch has no exec command after `--`, no --interactive and no --progress-notify.
// - `lock NAME COMMAND…` exits with the command's status (128 + N when signal N ended it);
//   etcdctl 3.4 prints "Error: exit status N" and exits 1. Everything after NAME is the
//   command, flags included; SIGINT and SIGTERM are passed on to it. ETCD_LOCK_REV is the
//   lock key's create revision.
// - `user` has add, delete, list, get, grant-role and revoke-role (no passwd); `role` has add,
//   delete, list, grant-permission and revoke-permission (no get). `snapshot` has save only
//   (restore and status are etcdutl's).
// - `-d`/`--discovery-srv` (with `--discovery-srv-name`) asks for `_etcd-client-ssl` when
//   --cacert, --cert or --key is given and `_etcd-client` otherwise (etcdctl asks for both).
//   `--discovery-dns-server IP[:PORT]` (etcd3ctl only) names the DNS server to ask.
// - `--namespace PREFIX` (etcd3ctl only; etcdctl 3.4 and 3.5 have no such flag, etcd's gRPC
//   proxy does) runs get, put, del, watch, lease timetolive, lock and elect inside the prefix:
//   keys are prefixed on the way out and shown without it.
// - Not implemented: txn, auth, endpoint hashkv, move-leader, check, and the global flags
//   --debug, --insecure-*, --keepalive-*.
import ArgumentParser
import Etcd3

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The root command: global flags, and dispatch to the subcommands.
///
/// Errors end the process as etcdctl ends it: `Error: <message>` on standard error and exit
/// status 1 (128 for bad arguments, see ``CommandError``).
@main
struct Etcd3ctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etcd3ctl",
        abstract: "A simple command line client for etcd3, following etcdctl v3.",
        discussion: """
            Global flags may come before or after the command. ETCDCTL_ENDPOINTS and the other \
            ETCDCTL_* variables stand in for flags that are not given, as with etcdctl.
            """,
        subcommands: [
            Get.self, Put.self, Del.self, Watch.self, Lease.self, Lock.self, Elect.self, Endpoint.self,
            MemberCommand.self, Snapshot.self, AlarmCommand.self, Compaction.self, Defrag.self, User.self, Role.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Parses the command line, runs the command, and turns what it throws into etcdctl's
    /// error line and exit status.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // --help exits successfully; an unknown flag or command fails with status 1, as
            // etcdctl's flag parser does. (Wrong arguments found later exit with 128.)
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(CommandError.failed(message(for: error)))
        }
        do {
            var command = command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CommandError {
            fail(error)
        } catch let error as EtcdError {
            fail(CommandError(error))
        } catch let error as ExitCode {
            terminate(error.rawValue)
        } catch {
            // ArgumentParser's own ends (help for a command group) and anything unexpected.
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(CommandError.failed("\(error)"))
        }
        terminate(0)
    }

    private static func fail(_ error: CommandError) -> Never {
        Output.standardError("Error: \(error.message)\n")
        terminate(error.status)
    }
}

/// Ends the process with `status` (the C library's `exit`, which the command types' own
/// `exit(withError:)` hides inside them).
func terminate(_ status: Int32) -> Never {
    exit(status)
}

/// How a command fails: the message etcdctl prints after `Error: ` and its exit status.
struct CommandError: Error {
    /// The text after `Error: `.
    var message: String
    /// The process's exit status.
    var status: Int32

    /// etcdctl's exit statuses (its `cobrautl` package).
    enum Status {
        /// Any failure of the operation itself.
        static let error: Int32 = 1
        /// A connection that could not be made or was lost (`lease keep-alive --once`).
        static let badConnection: Int32 = 2
        /// The watch ended because the server cancelled it.
        static let interrupted: Int32 = 5
        /// An output format the command does not support.
        static let badFeature: Int32 = 4
        /// Wrong arguments or flags.
        static let badArguments: Int32 = 128
    }

    init(message: String, status: Int32) {
        self.message = message
        self.status = status
    }

    /// A failure of the client or the server: the server's message (as etcdctl prints it) or
    /// the client's, exit status 1 unless `status` says otherwise. A wrong user name or password
    /// exits with 2, as etcdctl's failure to create its client (it authenticates then).
    init(_ error: EtcdError, status: Int32 = Status.error) {
        let status = error.code == .authenticationFailed ? Status.badConnection : status
        self.init(message: error.message, status: status)
    }

    /// Wrong arguments: exit status 128.
    static func badArguments(_ message: String) -> CommandError {
        CommandError(message: message, status: Status.badArguments)
    }

    /// A failed operation: exit status 1 unless `status` says otherwise.
    static func failed(_ message: String, status: Int32 = Status.error) -> CommandError {
        CommandError(message: message, status: status)
    }
}
