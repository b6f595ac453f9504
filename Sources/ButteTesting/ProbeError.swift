// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Why running or reading `rootfs/probe` failed.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `rootfs/build` failed; carries its exit status and stderr.
    case rootfsBuildFailed(status: Int32, stderr: String)
    /// A process could not be started at all.
    case launchFailed(String)
    /// The probe (or its launcher) ended other than with the expected status.
    case unexpectedTermination(ProbeOutput, expected: Int32)
    /// The process did not end before its deadline and was killed.
    case timedOut(ProbeOutput, seconds: Double)
    /// Stdout held no line that decodes as the expected report: what went wrong, and the text.
    case malformedOutput(String, String)

    public var description: String {
        switch self {
        case .rootfsBuildFailed(let status, let stderr):
            return "rootfs/build exited with \(status): \(stderr)"
        case .launchFailed(let what):
            return "could not start \(what)"
        case .unexpectedTermination(let output, let expected):
            return "probe ended with \(output.termination), expected exit \(expected); \(output)"
        case .timedOut(let output, let seconds):
            return "probe did not finish within \(seconds) s; \(output)"
        case .malformedOutput(let why, let text):
            return "probe output is not a report: \(why): \(text)"
        }
    }
}
