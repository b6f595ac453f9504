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
struct RunCommand: AsyncParsableCommand {
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

    func run() async throws {
        do throws(Failure) {
            let status = try await runContainer()
            Glibc.exit(status)
        } catch {
            printError("butte: \(error.sentence)")
            Glibc.exit(error.status)
        }
    }

    private func runContainer() async throws(Failure) -> Int32 {
        if master != nil {
            throw Failure(sentence: "butte run --master is not supported by this build of Butte yet; run the container here with --rootfs DIR.")
        }
        if image != nil { throw Failure(sentence: "butte run --image is not supported by this build of Butte yet; use --rootfs DIR.") }
        guard let rootfs else { throw Failure(sentence: "butte run needs --rootfs DIR (or --image REF) to know what to run.") }
        guard !command.isEmpty else { throw Failure(sentence: "butte run needs a command after '--', e.g. butte run --rootfs DIR -- /bin/sh.") }
        let limits = try RunLimits(cpus: cpus, mem: mem, pids: pids)
        guard geteuid() == 0 else {
            throw Failure(sentence: "butte run needs root: it creates namespaces, mounts and cgroups (run it with sudo).")
        }

        let id = try name.map { (n) throws(Failure) in try Self.checkName(n) } ?? Self.randomID()
        var spec = ContainerSpec(id: id, rootfs: overlay ? .overlay(lower: [rootfs]) : .directory(rootfs), command: command)
        spec.readOnlyRootfs = readOnly
        spec.hostname = hostname ?? String(id.prefix(12))
        spec.workingDirectory = workdir
        spec.environment = try environment()
        spec.killWithLauncher = true
        switch net {
        case "none": spec.network = .none
        case "host": spec.network = .host
        default: throw Failure(sentence: "--net '\(net)' is not a network mode: use 'none' or 'host'.")
        }
        if let user { spec.user = try Self.parseUser(user) }
        if userns { spec.userNamespace = .range(hostBase: Self.usernsHostBase) }

        // Signals that arrive from here on go to the container once it runs (queued until then).
        let relay: SignalRelay
        do {
            relay = try SignalRelay(signals: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH])
        } catch {
            throw Failure(sentence: "cannot set up signal forwarding: \(error).")
        }

        let launcher = Launcher(runtime: RuntimeDirectory(root: runtimeDir))
        do {
            try launcher.validate(spec)
            try launcher.runtime.sweep { RunLimits.cleanUpStale(containerDirectory: $0) }
        } catch {
            throw Failure(sentence: "\(error.message).")
        }
        let cgroup = try limits.prepare(id: id)
        if let warning = cgroup.warning { printError("butte: \(warning)") }
        spec.cgroupDescriptor = cgroup.descriptor

        let container: RunningContainer
        do {
            container = try await launcher.launch(spec, records: cgroup.records) { exit in cgroup.finish(&exit) }
        } catch {
            cgroup.abandon()
            throw Failure(sentence: error.message + ".", status: Self.status(for: error))
        }
        cgroup.closeDescriptor()
        do {
            try DedicatedThread.start {
                while true {
                    let signal = relay.next()
                    try? container.signal(signal)
                }
            }
        } catch {
            try? container.signal(SIGKILL)
            _ = await container.wait()
            throw Failure(sentence: "cannot start the signal forwarding thread: \(error).")
        }
        let exit = await container.wait()
        if exit.outOfMemory {
            printError("butte: the container ran out of memory\(limits.memoryDescription) and was killed by the kernel's OOM killer.")
        }
        return exit.status
    }

    /// The exit status of a failed launch.
    static func status(for error: ContainerizerError) -> Int32 {
        switch error.code {
        case .commandNotFound: return Status.notFound
        case .commandNotExecutable: return Status.cannotInvoke
        default: return Status.runFailed
        }
    }

    private func environment() throws(Failure) -> [String] {
        var result: [String] = []
        for entry in env {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
                throw Failure(sentence: "--env '\(entry)' is not NAME=VALUE.")
            }
            result.append(entry)
        }
        return result
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
