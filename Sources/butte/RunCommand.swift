// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import ButteContainerizer
import ButteLinux

#if canImport(Glibc)
    import Glibc
#endif

/// `butte run`: one container in the foreground, like `docker run --rm`, or a one-off task on a
/// cluster, like `mesos-execute`.
///
/// Exit statuses follow `docker run`: the command's own status (128 + signal when a signal killed it),
/// 125 when `butte run` itself failed or got bad flags, 126 when the command cannot be invoked, 127 when it
/// does not exist in the root filesystem.
///
/// The work is done by ``RunRequest``; `butte run` command lines of the plain shape skip ArgumentParser
/// altogether (``RunRequest/init(fastPathArguments:)``), so these declarations must stay in step with it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one container in the foreground (or a one-off task on a cluster with --master).",
        discussion: """
            Streams the container's stdout and stderr and exits with its status (128 + signal when a signal \
            killed it). Exit status 125 means butte run itself failed, 126 that the command cannot be invoked, \
            127 that it was not found in the root filesystem.
            """
    )

    @Option(help: "A directory to use as the container's root filesystem (writes go to it unless --overlay or --read-only).")
    var rootfs: String?

    @Option(help: "An image reference to run.")
    var image: String?

    @Option(help: "Submit the task to this master (HOST:PORT) instead of running it here.")
    var master: String?

    @Option(help: "CPU limit, in CPUs (e.g. 0.5).")
    var cpus: String?

    @Option(help: "Memory limit, in MB.")
    var mem: String?

    @Option(help: "Limit on the number of processes (default 2048 where the pids controller works).")
    var pids: String?

    @Option(help: "A name for the container (letters, digits, '_', '.', '-'; unique on this host); random by default.")
    var name: String?

    @Option(help: "The container's hostname.")
    var hostname: String?

    @Option(help: "Network: 'none' (own namespace with loopback) or 'host'.")
    var net: String = "none"

    @Option(help: "Run the command as UID[:GID] (numbers).")
    var user: String?

    @Option(name: .customLong("env"), help: "Set an environment variable (K=V); repeatable.")
    var env: [String] = []

    @Option(help: "The working directory inside the container.")
    var workdir: String = "/"

    @Flag(help: "Mount the root filesystem read-only.")
    var readOnly = false

    @Flag(help: "Put a throwaway overlay over the root filesystem, so the directory stays unchanged.")
    var overlay = false

    @Flag(help: "Run in a user namespace: container ids 0-65535 are host ids 100000-165535.")
    var userns = false

    @Option(help: "Where per-container state is kept.")
    var runtimeDir: String = RuntimeDirectory.defaultRoot

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    /// The first host id of the `--userns` range.
    static let usernsHostBase: UInt32 = 100_000

    /// docker run's exit statuses for failures of its own.
    enum Status {
        static let runFailed: Int32 = 125
        static let cannotInvoke: Int32 = 126
        static let notFound: Int32 = 127
    }

    /// A failure of `butte run` itself: the sentence and the status to exit with.
    struct Failure: Error {
        var sentence: String
        var status: Int32 = Status.runFailed
    }

    func run() {
        RunRequest(self).execute()
    }

    /// The exit status of a failed launch.
    static func status(for error: ContainerizerError) -> Int32 {
        switch error.code {
        case .commandNotFound: return Status.notFound
        case .commandNotExecutable: return Status.cannotInvoke
        default: return Status.runFailed
        }
    }

    /// Parses `UID[:GID]`; the gid defaults to 0, as Docker's does for a numeric user without a passwd entry.
    static func parseUser(_ text: String) throws(Failure) -> ContainerSpec.User {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let uid = UInt32(parts[0]), uid != UInt32.max else {
            throw Failure(sentence: "--user '\(text)' is not UID[:GID] with numeric ids.")
        }
        var gid: UInt32 = 0
        if parts.count == 2 {
            guard let g = UInt32(parts[1]), g != UInt32.max else { throw Failure(sentence: "--user '\(text)' is not UID[:GID] with numeric ids.") }
            gid = g
        }
        return ContainerSpec.User(uid: uid, gid: gid)
    }

    /// Docker's rule for container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, here at most 64 characters.
    static func checkName(_ name: String) throws(Failure) -> String {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_.-".unicodeScalars.contains($0)
        }
        guard allowed, let first = name.unicodeScalars.first, first != "_", first != ".", first != "-", name.count <= 64 else {
            throw Failure(
                sentence: "--name '\(name)' is not a container name: use up to 64 letters, digits, '_', '.' and '-', starting with a letter or digit."
            )
        }
        return name
    }

    /// 32 hex digits from the kernel's random pool.
    static func randomID() -> String {
        let bytes = (try? KernelRandom.bytes(16)) ?? []
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
