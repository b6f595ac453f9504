// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CCap
import SystemPackage

extension Capability {
    /// The highest capability the running kernel knows, from `<procRoot>/sys/kernel/cap_last_cap`.
    ///
    /// - Parameter procRoot: where procfs is mounted; tests point it at a directory of their own.
    /// - Throws: `CapabilityError` (`.kernelInfo`) when the file cannot be read or holds no capability number.
    public static func lastSupported(procRoot: FilePath = "/proc") throws(CapabilityError) -> Capability {
        let path = procRoot.appending("sys/kernel/cap_last_cap")
        let text: String
        do {
            text = try readSmallFile(path)
        } catch {
            throw CapabilityError(.kernelInfo, "cannot read \(path)", underlying: error)
        }
        let trimmed = text.filter { !$0.isWhitespace }
        guard let n = Int(trimmed), let cap = Capability(rawValue: n) else {
            throw CapabilityError(.kernelInfo, "\(path) holds '\(trimmed)', not a capability number")
        }
        return cap
    }
}

extension ProcessCapabilities {
    /// The calling thread's five sets: effective, permitted and inheritable from `capget(2)`, bounding and
    /// ambient from `prctl` (through libcap), read for capabilities up to `lastSupported`.
    ///
    /// - Throws: `LinuxError` when a call fails.
    public static func current(lastSupported: Capability) throws(LinuxError) -> ProcessCapabilities {
        var sets = ccap_sets()
        _ = try shim("capget") { ccap_get_sets(0, &sets) }
        var bounding: UInt64 = 0
        var ambient: UInt64 = 0
        _ = try shim("prctl", "PR_CAPBSET_READ") { ccap_get_bounding(Int32(lastSupported.rawValue), &bounding) }
        _ = try shim("prctl", "PR_CAP_AMBIENT_IS_SET") { ccap_get_ambient(Int32(lastSupported.rawValue), &ambient) }
        return ProcessCapabilities(
            bounding: CapabilitySet(bits: bounding),
            effective: CapabilitySet(words: sets.effective.0, sets.effective.1),
            inheritable: CapabilitySet(words: sets.inheritable.0, sets.inheritable.1),
            permitted: CapabilitySet(words: sets.permitted.0, sets.permitted.1),
            ambient: CapabilitySet(bits: ambient)
        )
    }
}

/// Reads a small kernel file (procfs reports size 0, so read until end of file).
package func readSmallFile(_ path: FilePath) throws(LinuxError) -> String {
    let fd: FileDescriptor
    do {
        fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
    } catch {
        throw LinuxError(call: "open", errno: error as? Errno ?? .ioError, subject: path.string)
    }
    defer { try? fd.close() }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n: Int
        do {
            n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
        } catch {
            throw LinuxError(call: "read", errno: error as? Errno ?? .ioError, subject: path.string)
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
        if bytes.count > 1 << 20 { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}
