// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// One invocation of `rootfs/probe`: its arguments, the report type it prints and the exit status it should end with.
///
/// ```swift
/// let ids = try await probe.run(.ids)
/// let rows = try await probe.run(.syscalls(["mount", "keyctl"]))
/// ```
public struct ProbeCommand<Report: Decodable & Sendable>: Sendable {
    /// The arguments after the program name, e.g. `["read", "/etc/hostname"]`.
    public var arguments: [String]
    /// The exit status that means the probe did its job.
    public var expectedStatus: Int32

    /// A command with explicit arguments, for subcommands without a helper below.
    public init(arguments: [String], expectedStatus: Int32 = 0) {
        self.arguments = arguments
        self.expectedStatus = expectedStatus
    }
}

extension ProbeCommand where Report == ProbeReport.IDs {
    /// `probe ids`.
    public static var ids: Self { .init(arguments: ["ids"]) }
}

extension ProbeCommand where Report == ProbeReport.Capabilities {
    /// `probe caps`.
    public static var caps: Self { .init(arguments: ["caps"]) }
}

extension ProbeCommand where Report == ProbeReport.Syscalls {
    /// `probe syscalls NAME...`; an empty list probes every syscall the probe knows.
    public static func syscalls(_ names: [String]) -> Self { .init(arguments: ["syscalls"] + names) }
}

extension ProbeCommand where Report == ProbeReport.FileDescriptors {
    /// `probe fds`.
    public static var fds: Self { .init(arguments: ["fds"]) }
}

extension ProbeCommand where Report == ProbeReport.Mounts {
    /// `probe mounts`.
    public static var mounts: Self { .init(arguments: ["mounts"]) }
}

extension ProbeCommand where Report == ProbeReport.FileReads {
    /// `probe read PATH...`.
    public static func read(_ paths: [String]) -> Self { .init(arguments: ["read"] + paths) }
}

extension ProbeCommand where Report == ProbeReport.FileWrite {
    /// `probe write PATH [DATA]`; without data it only opens the file for writing.
    public static func write(_ path: String, data: String? = nil) -> Self {
        .init(arguments: ["write", path] + (data.map { [$0] } ?? []))
    }
}

extension ProbeCommand where Report == ProbeReport.Cgroup {
    /// `probe cgroup`.
    public static var cgroup: Self { .init(arguments: ["cgroup"]) }
}

extension ProbeCommand where Report == ProbeReport.Environment {
    /// `probe env`.
    public static var env: Self { .init(arguments: ["env"]) }
}

extension ProbeCommand where Report == ProbeReport.WorkingDirectory {
    /// `probe cwd`.
    public static var cwd: Self { .init(arguments: ["cwd"]) }
}

extension ProbeCommand where Report == ProbeReport.ResourceLimits {
    /// `probe rlimits`.
    public static var rlimits: Self { .init(arguments: ["rlimits"]) }
}

extension ProbeCommand where Report == ProbeReport.Sleep {
    /// `probe sleep SECONDS`.
    public static func sleep(seconds: Double) -> Self { .init(arguments: ["sleep", String(seconds)]) }
}

extension ProbeCommand where Report == ProbeReport.Exit {
    /// `probe exit CODE`, which reports and then exits with `code`.
    public static func exit(_ code: UInt8) -> Self { .init(arguments: ["exit", String(code)], expectedStatus: Int32(code)) }
}

extension ProbeCommand where Report == ProbeReport.Spin {
    /// `probe spin SECONDS`.
    public static func spin(seconds: Double) -> Self { .init(arguments: ["spin", String(seconds)]) }
}

extension ProbeCommand where Report == ProbeReport.Children {
    /// `probe fork-children N [SECONDS]`: without `seconds` the children (and the probe) live until killed,
    /// so use it with a launcher that returns once the report line is out.
    public static func forkChildren(_ count: Int, seconds: Double? = nil) -> Self {
        .init(arguments: ["fork-children", String(count)] + (seconds.map { [String($0)] } ?? []))
    }
}

extension ProbeCommand where Report == ProbeReport.ForkBomb {
    /// `probe forkbomb MAX`.
    public static func forkbomb(max: Int) -> Self { .init(arguments: ["forkbomb", String(max)]) }
}

extension ProbeCommand where Report == ProbeReport.Allocation {
    /// `probe alloc MB`.
    public static func alloc(megabytes: Int) -> Self { .init(arguments: ["alloc", String(megabytes)]) }
}
