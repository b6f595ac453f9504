// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import SystemPackage

/// Random bytes from the kernel (`getrandom(2)`), for ids.
public enum KernelRandom {
    /// `count` random bytes.
    ///
    /// - Throws: `LinuxError` when the kernel refuses.
    public static func bytes(_ count: Int) throws(LinuxError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let r = bytes.withUnsafeMutableBytes { clinux_random($0.baseAddress, $0.count) }
        if r < 0 { throw LinuxError(call: "getrandom", errno: Errno(rawValue: -r)) }
        return bytes
    }
}
