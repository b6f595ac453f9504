// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// What a finished process left behind: its output and how it ended.
public struct ProbeOutput: Sendable, Equatable, CustomStringConvertible {
    /// How a process ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): return "exit \(status)"
            case .signaled(let signal): return "signal \(signal)"
            }
        }
    }

    public var stdout: Data
    public var stderr: Data
    public var termination: Termination

    /// Creates an output, e.g. from a launcher other than ``Probe/unshare(rootfs:options:)``.
    public init(stdout: Data, stderr: Data, termination: Termination) {
        self.stdout = stdout
        self.stderr = stderr
        self.termination = termination
    }

    /// Stdout as text (invalid UTF-8 repaired).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Stderr as text (invalid UTF-8 repaired).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    public var description: String {
        "\(termination), stdout: \(stdoutText.debugDescription), stderr: \(stderrText.debugDescription)"
    }
}
