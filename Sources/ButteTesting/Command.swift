// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Running a program to completion and collecting what it printed (htpasswd, tar, test scripts).
public enum Command {
    /// What a finished program returned.
    public struct Result: Sendable {
        /// The exit status, or the signal number when the program was killed.
        public var status: Int32
        /// True when the program exited normally (not killed by a signal).
        public var exitedNormally: Bool
        /// Everything written to stdout.
        public var stdout: Data
        /// Everything written to stderr.
        public var stderr: Data

        /// True for a normal exit with status 0.
        public var succeeded: Bool { exitedNormally && status == 0 }
        /// stdout as UTF-8 text.
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        /// stderr as UTF-8 text.
        public var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// Output is collected in temporary files, so a program printing a lot never blocks on a full pipe.
    /// - Parameters:
    ///   - executable: An absolute path.
    ///   - environment: The complete environment; `nil` inherits the test process's environment.
    /// - Throws: `FixtureError` with code `.startFailed` when the program cannot be launched.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: URL? = nil
    ) async throws -> Result {
        let scratch = try TemporaryDirectory(prefix: "butte-command")
        defer { scratch.remove() }
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err

        let (exited, exitedContinuation) = AsyncStream.makeStream(of: (Int32, Bool).self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { finished in
            exitedContinuation.yield((finished.terminationStatus, finished.terminationReason == .exit))
            exitedContinuation.finish()
        }
        do {
            try process.run()
        } catch {
            try? out.close()
            try? err.close()
            throw FixtureError(.startFailed, "cannot launch \(executable)", underlying: error)
        }
        try? out.close()
        try? err.close()
        var status: (Int32, Bool) = (-1, false)
        for await value in exited { status = value }
        return Result(
            status: status.0,
            exitedNormally: status.1,
            stdout: FileManager.default.contents(atPath: outURL.path) ?? Data(),
            stderr: FileManager.default.contents(atPath: errURL.path) ?? Data()
        )
    }

    /// Like `run`, but throws unless the program exits with status 0.
    /// - Throws: `FixtureError` with code `.commandFailed`, naming the command and quoting its stderr.
    @discardableResult
    public static func check(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        workingDirectory: URL? = nil
    ) async throws -> Result {
        let result = try await run(executable, arguments, environment: environment, workingDirectory: workingDirectory)
        guard result.succeeded else {
            let how = result.exitedNormally ? "exited with status \(result.status)" : "was killed by signal \(result.status)"
            throw FixtureError(
                .commandFailed,
                "\(([executable] + arguments).joined(separator: " ")) \(how): \(result.errorOutput)\(result.output)"
            )
        }
        return result
    }
}
