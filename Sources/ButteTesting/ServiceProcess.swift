// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One server process of a fixture, with stdout and stderr appended to a log file.
///
/// `stop()` sends SIGTERM, waits for the exit, and sends SIGKILL when the grace period runs out.
/// If a `ServiceProcess` is released while its process still runs, it is killed with SIGKILL,
/// so a test that loses track of a fixture does not leave a server behind.
public final class ServiceProcess: Sendable {
    /// The program's name as used in messages ("docker-registry", "zookeeper 2").
    public let name: String
    /// The file receiving the program's stdout and stderr.
    public let logFile: URL
    /// The process id.
    public let pid: Int32

    // Kept for the life of the fixture; the exit status arrives through its terminationHandler.
    private let process: Process
    private let exitState = ExitStatus()

    /// Starts `executable` with `arguments`; its output goes to `logFile` (appended).
    /// - Throws: `FixtureError` with code `.startFailed` when the program cannot be launched.
    public init(
        name: String,
        executable: String,
        arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: URL? = nil,
        logFile: URL
    ) throws {
        self.name = name
        self.logFile = logFile
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log: FileHandle
        do {
            log = try FileHandle(forWritingTo: logFile)
            try log.seekToEnd()
        } catch {
            throw FixtureError(.startFailed, "cannot open the log file \(logFile.path) for \(name)", underlying: error)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        let exitState = self.exitState
        process.terminationHandler = { finished in
            exitState.status.withLock { $0 = finished.terminationStatus }
        }
        do {
            try process.run()
        } catch {
            try? log.close()
            throw FixtureError(.startFailed, "cannot launch \(executable) for \(name)", underlying: error)
        }
        try? log.close()
        self.process = process
        self.pid = process.processIdentifier
    }

    deinit {
        if exitState.status.withLock({ $0 == nil }) {
            kill(pid, SIGKILL)
        }
    }

    /// True until the process has exited and been reaped.
    public var isRunning: Bool { exitState.status.withLock { $0 == nil } }

    /// The exit status (or terminating signal) once the process has exited.
    public var terminationStatus: Int32? { exitState.status.withLock { $0 } }

    /// The last `maxBytes` of the log, for error messages.
    public func logTail(maxBytes: Int = 4000) -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        return String(decoding: data.suffix(maxBytes), as: UTF8.self)
    }

    /// Throws `.startFailed` with the log tail when the process has already exited.
    public func checkRunning() throws {
        if let status = terminationStatus {
            throw FixtureError(.startFailed, "\(name) exited with status \(status) while starting; its log ends with:\n\(logTail())")
        }
    }

    /// Stops the process: SIGTERM, then SIGKILL after `grace`; returns once it has exited.
    ///
    /// Runs to completion even when the calling task is cancelled, so cleanup paths can rely on it.
    public func stop(grace: Duration = .seconds(10)) async {
        await Task { await self.terminateAndWait(grace: grace) }.value
    }

    private func terminateAndWait(grace: Duration) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if await waitForExit(within: grace) { return }
        kill(pid, SIGKILL)
        _ = await waitForExit(within: .seconds(30))
    }

    /// Polls for the exit until `within` has passed; true when the process exited.
    private func waitForExit(within: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: within)
        while isRunning {
            if clock.now >= deadline { return false }
            try? await clock.sleep(for: .milliseconds(20))
        }
        return true
    }
}

/// The exit status of a `ServiceProcess`, shared with its termination handler.
private final class ExitStatus: Sendable {
    let status = Mutex<Int32?>(nil)
}
