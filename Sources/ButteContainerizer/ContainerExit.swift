// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux

/// How a container ended.
public struct ContainerExit: Hashable, Sendable, CustomStringConvertible {
    /// How its command ended (as the container's init saw it), or how the init ended when it was killed.
    public var termination: ProcessTermination
    /// The kernel's OOM killer acted inside the container's cgroup.
    public var outOfMemory: Bool

    /// Creates the value.
    public init(termination: ProcessTermination, outOfMemory: Bool = false) {
        self.termination = termination
        self.outOfMemory = outOfMemory
    }

    /// The status `butte run` exits with: the command's exit status, or 128 + the signal that killed it.
    public var status: Int32 { termination.shellStatus }

    /// "exit 0", "signal 9 (out of memory)".
    public var description: String { termination.description + (outOfMemory ? " (out of memory)" : "") }
}
