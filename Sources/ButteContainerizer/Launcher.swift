// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Starts containers from ``ContainerSpec``s and tears them down when they end.
///
/// Each container gets a dedicated thread that clones it, waits for its `execve`, waits for its end on the
/// pidfd and removes its runtime directory; nothing blocks the concurrency pool. The agent, `butte run` and
/// `butte oci` share this type.
public final class Launcher: Sendable {
    /// Where per-container state lives.
    public let runtime: RuntimeDirectory
    private let hostFacts: Mutex<HostFacts?>
    private let seccompCache: SeccompCache

    /// A launcher keeping state under `runtime`; `host` defaults to this host's facts, read on first use.
    public init(runtime: RuntimeDirectory = RuntimeDirectory(), host: HostFacts? = nil) {
        self.runtime = runtime
        self.hostFacts = Mutex(host)
        self.seccompCache = SeccompCache(directory: runtime.root + "/seccomp")
    }

    /// The host facts plans are built with.
    ///
    /// - Throws: `ContainerizerError` when the kernel cannot be asked.
    public func host() throws(ContainerizerError) -> HostFacts {
        if let known = hostFacts.withLock({ $0 }) { return known }
        let facts = try HostFacts.current()
        hostFacts.withLock { $0 = facts }
        return facts
    }

    /// Starts a container and returns once its command was executed.
    ///
    /// - Parameters:
    ///   - spec: the container.
    ///   - records: small files (name → contents) written into the container's runtime directory before it
    ///     starts, e.g. the cgroup it runs in, for ``RuntimeDirectory/sweep(_:)`` to clean up after a crash.
    ///   - onExit: called on the container's thread after it ended and before its runtime directory is
    ///     removed and ``RunningContainer/wait()`` returns (to read OOM events, remove the cgroup).
    /// - Throws: `ContainerizerError`; nothing of the container is left when it throws.
    public func launch(
        _ spec: ContainerSpec, records: [String: String] = [:],
        onExit: @escaping @Sendable (inout ContainerExit) -> Void = { _ in }
    ) async throws(ContainerizerError) -> RunningContainer {
        let (plan, directory) = try prepareLaunch(spec, records: records)
        let result: Result<RunningContainer, ContainerizerError> = await withCheckedContinuation { continuation in
            do {
                try DedicatedThread.start {
                    Self.run(plan, spec: spec, directory: directory, onExit: onExit) { continuation.resume(returning: $0) }
                }
            } catch {
                try? directory.remove()
                continuation.resume(
                    returning: .failure(ContainerizerError(.launchFailed, "cannot start a thread for the container: \(error)", underlying: error)))
            }
        }
        return try result.get()
    }

    /// Runs a container on the calling thread: starts it, calls `onStart` once its command was executed, and
    /// blocks until it has exited and its runtime directory is gone. For a short-lived process that runs one
    /// container in the foreground (`butte run`): no thread or task is created, and the calling thread is the
    /// container's parent (``ContainerSpec/killWithLauncher`` fires when it ends).
    ///
    /// - Parameters:
    ///   - spec: the container.
    ///   - records: as for ``launch(_:records:onExit:)``.
    ///   - onStart: called on the calling thread once the command runs, e.g. to start forwarding signals.
    ///   - onExit: as for ``launch(_:records:onExit:)``.
    /// - Returns: how the container ended.
    /// - Throws: `ContainerizerError` when it cannot start; nothing of the container is left then.
    public func runInForeground(
        _ spec: ContainerSpec, records: [String: String] = [:], onStart: (RunningContainer) -> Void,
        onExit: @Sendable (inout ContainerExit) -> Void = { _ in }
    ) throws(ContainerizerError) -> ContainerExit {
        let (plan, directory) = try prepareLaunch(spec, records: records)
        var started: Result<RunningContainer, ContainerizerError>?
        Self.run(plan, spec: spec, directory: directory, onExit: onExit) { result in
            started = result
            if case .success(let container) = result { onStart(container) }
        }
        guard let started else { throw ContainerizerError(.launchFailed, "the container \(spec.id) never started") }
        let container = try started.get()
        guard let exit = container.exit else { throw ContainerizerError(.invalidState, "the container \(spec.id) has not exited") }
        return exit
    }

    /// Everything before the clone: host facts, the root filesystem check, the seccomp program, the runtime
    /// directory with its records, and the plan.
    private func prepareLaunch(_ spec: ContainerSpec, records: [String: String]) throws(ContainerizerError) -> (SpawnPlan, ContainerDirectory) {
        let host = try host()
        try checkRootfs(spec.rootfs)
        let program = try seccompProgram(for: spec, host: host)
        let directory = try runtime.create(id: spec.id)
        do {
            let paths = try prepare(directory, spec: spec, records: records)
            return (try ContainerPlanner.plan(spec, paths: paths, host: host, seccomp: program), directory)
        } catch {
            try? directory.remove()
            throw error
        }
    }

    /// The container's whole life on the calling thread (a dedicated one, or the caller's in
    /// ``runInForeground(_:records:onStart:onExit:)``).
    private static func run(
        _ plan: SpawnPlan, spec: ContainerSpec, directory: ContainerDirectory, onExit: @Sendable (inout ContainerExit) -> Void,
        started: (Result<RunningContainer, ContainerizerError>) -> Void
    ) {
        let process: SpawnedProcess
        do {
            process = try Spawner.spawn(plan)
        } catch {
            try? directory.remove()
            started(.failure(describe(error, spec: spec)))
            return
        }
        let container = RunningContainer(id: spec.id, pid: process.pid, pidfd: process.pidfd)
        started(.success(container))
        let termination: ProcessTermination
        do {
            termination = try process.waitForExit()
        } catch {
            // waitid on our own pidfd cannot fail short of a bug; report the container as killed.
            termination = .signaled(SIGKILL)
        }
        var exit = ContainerExit(termination: termination)
        onExit(&exit)
        try? directory.remove()
        container.finish(exit)
    }

    /// Checks what can be checked before anything is created: the root filesystem exists and the spec makes
    /// sense on this host.
    ///
    /// - Throws: `ContainerizerError` (`.rootfsMissing`, `.invalidSpec`).
    public func validate(_ spec: ContainerSpec) throws(ContainerizerError) {
        try checkRootfs(spec.rootfs)
        try ContainerPlanner.validate(spec, host: host())
    }

    private func checkRootfs(_ rootfs: ContainerSpec.RootFilesystem) throws(ContainerizerError) {
        let dirs: [String]
        switch rootfs {
        case .directory(let dir): dirs = [dir]
        case .overlay(let lower): dirs = lower
        }
        for dir in dirs {
            switch HostFacts.kind(of: dir) {
            case .directory: continue
            case .missing: throw ContainerizerError(.rootfsMissing, "the root filesystem \(dir) does not exist")
            case .file: throw ContainerizerError(.rootfsMissing, "the root filesystem \(dir) is not a directory")
            }
        }
    }

    private func seccompProgram(for spec: ContainerSpec, host: HostFacts) throws(ContainerizerError) -> SeccompProgram? {
        switch spec.seccomp {
        case .unconfined: return nil
        case .program(let program): return program
        case .default:
            return try seccompCache.program(capabilities: spec.capabilities.bounding, host: host)
        }
    }

    /// Creates the mount point (and overlay directories) in the container's runtime directory.
    private func prepare(_ directory: ContainerDirectory, spec: ContainerSpec, records: [String: String]) throws(ContainerizerError)
        -> ContainerPlanner.Paths
    {
        func mkdir(_ name: String) throws(ContainerizerError) -> String {
            let path = directory.path + "/" + name
            do {
                try FileTree.makeDirectory(path, mode: 0o755)
            } catch {
                throw ContainerizerError(.runtimeDirectory, "cannot create \(path): \(error)", underlying: error)
            }
            return path
        }
        for (name, value) in records {
            guard !name.contains("/"), name != "lock" else { throw ContainerizerError(.invalidSpec, "'\(name)' cannot name a record") }
            do {
                try FileTree.writeFile(directory.path + "/" + name, value)
            } catch {
                throw ContainerizerError(.runtimeDirectory, "cannot write \(directory.path)/\(name): \(error)", underlying: error)
            }
        }
        var paths = ContainerPlanner.Paths(rootfsMountPoint: try mkdir("rootfs"))
        if case .overlay = spec.rootfs {
            paths.upper = try mkdir("upper")
            paths.work = try mkdir("work")
        }
        if let userns = spec.userNamespace, let uid = userns.hostUID(0), let gid = userns.hostGID(0) {
            // The container's root does the mounts from inside its user namespace: it must reach these.
            for path in [directory.path, paths.rootfsMountPoint, paths.upper, paths.work].compactMap({ $0 }) {
                if chown(path, uid, gid) != 0 {
                    let e = errno
                    throw ContainerizerError(.runtimeDirectory, "cannot hand \(path) to the user namespace's root: errno \(e)")
                }
            }
        }
        return paths
    }

    /// One sentence for a failed launch, with the code `butte run` maps to its exit status.
    static func describe(_ error: SpawnError, spec: ContainerSpec) -> ContainerizerError {
        let command = spec.command.first ?? ""
        switch error.stage {
        case .exec(let candidates):
            if error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
                let searched =
                    candidates.count > 1 ? " (searched \(candidates.map { String($0.dropLast(command.count + 1)) }.joined(separator: ":")))" : ""
                return ContainerizerError(
                    .commandNotFound, "the command '\(command)' was not found in the container's root filesystem\(searched)", underlying: error)
            }
            return ContainerizerError(.commandNotExecutable, "the command '\(command)' cannot be executed: \(error.errno)", underlying: error)
        case .operation(_, .changeDirectory(let dir)):
            if error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
                return ContainerizerError(.invalidSpec, "the working directory \(dir) does not exist in the container", underlying: error)
            }
        case .clone:
            if error.errno == .notPermitted {
                return ContainerizerError(
                    .permissionDenied, "creating the container's namespaces was refused (Operation not permitted): run as root", underlying: error)
            }
        default:
            break
        }
        if error.errno == .notPermitted || error.errno == .permissionDenied {
            return ContainerizerError(.permissionDenied, "the container could not start: \(error.description) (run as root)", underlying: error)
        }
        return ContainerizerError(.launchFailed, "the container could not start: \(error.description)", underlying: error)
    }
}
