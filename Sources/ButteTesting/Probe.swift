// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Runs `rootfs/probe` inside a container and decodes what it reports.
///
/// A `Probe` is a launcher: a function that starts `/bin/probe ARGS...` in some container and
/// returns its output. ``unshare(rootfs:options:)`` uses util-linux `unshare` and `chroot`, which
/// needs nothing of Butte; runtime tests build a `Probe` around Butte's own launcher instead and
/// assert on the same reports.
///
/// ```swift
/// let probe = Probe.unshare(rootfs: try await Probe.rootfs())
/// #expect(try await probe.run(.ids).pid == 1)
/// ```
public struct Probe: Sendable {
    /// Starts `/bin/probe` with the given arguments in a container and waits for it to end.
    public typealias Launch = @Sendable (_ arguments: [String]) async throws -> ProbeOutput

    /// The launcher this probe runs through.
    public var launch: Launch

    /// A probe that runs through `launch`.
    public init(launch: @escaping Launch) {
        self.launch = launch
    }

    /// Runs `command` and decodes its report.
    /// - Throws: ``ProbeError/unexpectedTermination(_:expected:)`` when the probe does not exit with the
    ///   command's expected status, ``ProbeError/malformedOutput(_:_:)`` when stdout is not the report,
    ///   and whatever the launcher throws.
    public func run<Report>(_ command: ProbeCommand<Report>) async throws -> Report {
        let output = try await launch(command.arguments)
        guard output.termination == .exited(command.expectedStatus) else {
            throw ProbeError.unexpectedTermination(output, expected: command.expectedStatus)
        }
        return try Self.decode(Report.self, from: output.stdout)
    }

    /// Runs the probe with raw arguments and returns its output undecoded, e.g. to check a usage error.
    public func output(_ arguments: [String]) async throws -> ProbeOutput {
        try await launch(arguments)
    }

    /// Decodes the last non-empty line of a probe's stdout as `type`.
    ///
    /// Only the last line counts, so a launcher that prints its own lines first does not confuse it.
    /// - Throws: ``ProbeError/malformedOutput(_:_:)`` naming the decoding problem and holding the text.
    public static func decode<Report: Decodable>(_ type: Report.Type, from stdout: Data) throws(ProbeError) -> Report {
        let text = String(decoding: stdout, as: UTF8.self)
        guard let line = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw ProbeError.malformedOutput("no output", text)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(line.utf8))
        } catch {
            throw ProbeError.malformedOutput("\(Report.self): \(error)", String(line))
        }
    }

    // MARK: - The test root filesystem

    /// The busybox root filesystem with `/bin/probe`, built by `rootfs/build` on first use in this process.
    ///
    /// `BUTTE_TEST_ROOTFS` names a prebuilt tree to use instead (e.g. one `scripts/test` built).
    /// - Throws: ``ProbeError/rootfsBuildFailed(status:stderr:)`` when the build script fails.
    public static func rootfs() async throws -> URL {
        if let prebuilt = ProcessInfo.processInfo.environment["BUTTE_TEST_ROOTFS"], !prebuilt.isEmpty {
            return URL(fileURLWithPath: prebuilt)
        }
        return try await RootfsBuild.shared.url()
    }

    /// Runs `rootfs/build` now (it returns at once when the tree is up to date).
    fileprivate static func buildRootfs() async throws -> URL {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("rootfs/build").path
        let output = try await runProcess("/bin/bash", [script], timeout: 600)
        guard output.termination == .exited(0) else {
            let status: Int32
            switch output.termination {
            case .exited(let code): status = code
            case .signaled(let signal): status = 128 + signal
            }
            throw ProbeError.rootfsBuildFailed(status: status, stderr: output.stderrText)
        }
        let path = output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard path.hasPrefix("/") else {
            throw ProbeError.malformedOutput("rootfs/build printed no path", output.stdoutText)
        }
        return URL(fileURLWithPath: path)
    }

    // MARK: - Running through unshare and chroot

    /// How ``unshare(rootfs:options:)`` sets the container up.
    public struct UnshareOptions: Sendable {
        /// Run the probe as this uid:gid (via `chroot --userspec`), which drops every capability.
        public var user: (uid: UInt32, gid: UInt32)?
        /// Set this hostname in the new UTS namespace before entering the root. It must not start with `-`.
        public var hostname: String?
        /// Kill the container when it runs longer than this.
        public var timeout: Double

        /// Options for a root probe with the hostname copied from the host.
        public init(user: (uid: UInt32, gid: UInt32)? = nil, hostname: String? = nil, timeout: Double = 60) {
            self.user = user
            self.hostname = hostname
            self.timeout = timeout
        }
    }

    /// A probe that runs `unshare --pid --mount --uts --ipc --fork --mount-proc=ROOT/proc chroot ROOT /bin/probe ...`.
    ///
    /// The probe is pid 1 of a new pid namespace with its own `/proc`, in new mount, UTS and IPC
    /// namespaces; it keeps root's capabilities and has no seccomp filter. Needs root.
    public static func unshare(rootfs: URL, options: UnshareOptions = .init()) -> Probe {
        let root = rootfs.path
        let timeout = options.timeout
        var prefix = ["--pid", "--mount", "--uts", "--ipc", "--fork", "--kill-child", "--mount-proc=\(root)/proc"]
        if let hostname = options.hostname {
            // Set in the new UTS namespace before chroot, with the rootfs's static busybox: Debian's
            // hostname(1) refuses names that are not DNS labels, and odd names are the point here.
            prefix += ["/bin/sh", "-c", "\"$1\" hostname \"$0\" && shift && exec \"$@\"", hostname, "\(root)/bin/busybox"]
        }
        prefix.append("/usr/sbin/chroot")
        if let user = options.user {
            prefix.append("--userspec=\(user.uid):\(user.gid)")
        }
        prefix += [root, "/bin/probe"]
        let fixed = prefix
        return Probe { arguments in
            try await runProcess("/usr/bin/unshare", fixed + arguments, timeout: timeout)
        }
    }

    /// Runs a program to completion on a dedicated thread (never on the concurrency pool) and collects its output.
    ///
    /// Stdin is `/dev/null`. After `timeout` seconds the process gets SIGKILL and this throws.
    /// - Throws: ``ProbeError/launchFailed(_:)`` or ``ProbeError/timedOut(_:seconds:)``.
    public static func runProcess(_ executable: String, _ arguments: [String], timeout: Double) async throws(ProbeError) -> ProbeOutput {
        try await OwnThread.run { runProcessBlocking(executable, arguments, timeout: timeout) }.get()
    }

    private static func runProcessBlocking(_ executable: String, _ arguments: [String], timeout: Double) -> Result<ProbeOutput, ProbeError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        do {
            try process.run()
        } catch {
            return .failure(.launchFailed("\(executable) \(arguments.joined(separator: " ")): \(error)"))
        }

        let timedOut = Mutex(false)
        let pid = process.processIdentifier
        let exited = Mutex(false)
        let killer = DispatchWorkItem {
            exited.withLock { done in
                // Foundation reaps the child just before `done` is set; a pid reused in that
                // instant is the only way this could hit another process.
                guard !done else { return }
                timedOut.withLock { $0 = true }
                kill(pid, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)

        // Stderr drains on its own thread so neither pipe can fill up and stall the child.
        let stderrData = Mutex(Data())
        let stderrDone = DispatchSemaphore(value: 0)
        let stderrReader = stderrPipe.fileHandleForReading
        Thread {
            let data = stderrReader.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
            stderrDone.signal()
        }.start()
        let stdout = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        stderrDone.wait()
        process.waitUntilExit()
        exited.withLock { $0 = true }
        killer.cancel()

        let termination: ProbeOutput.Termination =
            process.terminationReason == .uncaughtSignal ? .signaled(process.terminationStatus) : .exited(process.terminationStatus)
        let output = ProbeOutput(stdout: stdout, stderr: stderrData.withLock { $0 }, termination: termination)
        if timedOut.withLock({ $0 }) {
            return .failure(.timedOut(output, seconds: timeout))
        }
        return .success(output)
    }
}

/// Builds the test rootfs once per process, however many tests ask for it at the same time.
private actor RootfsBuild {
    static let shared = RootfsBuild()
    private var build: Task<URL, any Error>?

    func url() async throws -> URL {
        if let build { return try await build.value }
        let task = Task { try await Probe.buildRootfs() }
        build = task
        return try await task.value
    }
}
