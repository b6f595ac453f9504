// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Compiled default seccomp programs, kept in memory and under `<runtime>/seccomp/` so a short-lived
/// `butte run` does not pay libseccomp's compile (tens of milliseconds) on every start.
///
/// A file is named after a hash of everything the program depends on: the Butte executable (device, inode,
/// size, mtime), the capability set, the kernel version and the last capability. The directory is root's
/// and 0700, like the rest of the runtime directory; a file that does not parse is recompiled.
final class SeccompCache: Sendable {
    private let directory: String
    private let memory = Mutex<[String: SeccompProgram]>([:])
    private static let magic: [UInt8] = Array("BUTTESECCOMP1\n".utf8)
    /// When a miss finds this many files, they are all dropped before the new one is written.
    private static let maxEntries = 16

    init(directory: String) {
        self.directory = directory
    }

    /// The default profile's program for `capabilities` on `host`.
    func program(capabilities: CapabilitySet, host: HostFacts) throws(ContainerizerError) -> SeccompProgram {
        let key = Self.key(capabilities: capabilities, host: host)
        if let known = memory.withLock({ $0[key] }) { return known }
        let path = directory + "/" + key
        if let stored = Self.load(path) {
            memory.withLock { $0[key] = stored }
            return stored
        }
        let program: SeccompProgram
        do {
            program = try SeccompProgram(compiling: DefaultSeccompProfile.profile(capabilities: capabilities, kernel: host.kernel))
        } catch {
            throw ContainerizerError(.launchFailed, "cannot compile the default seccomp profile: \(error)", underlying: error)
        }
        memory.withLock { $0[key] = program }
        Self.store(program, at: path, directory: directory)
        return program
    }

    static func key(capabilities: CapabilitySet, host: HostFacts) -> String {
        var st = stat()
        let exe = stat("/proc/self/exe", &st) == 0 ? "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" : "unknown"
        let text = "\(exe)|\(capabilities.bits)|\(host.kernel)|\(host.lastCapability.rawValue)"
        // FNV-1a, 64 bits: a name, not a security boundary (the directory is root's).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = Array("0123456789abcdef")
        return "default-" + String((0..<16).map { digits[Int((hash >> (60 - 4 * UInt64($0))) & 15)] })
    }

    private static func load(_ path: String) -> SeccompProgram? {
        guard let text = try? FileTree.readBytes(path) else { return nil }
        let header = magic.count + 4
        guard text.count > header, Array(text.prefix(magic.count)) == magic, (text.count - header) % 8 == 0 else { return nil }
        var flags: UInt32 = 0
        for i in 0..<4 { flags |= UInt32(text[magic.count + i]) << (8 * UInt32(i)) }
        var instructions: [BPFInstruction] = []
        var i = header
        while i < text.count {
            let code = UInt16(text[i]) | UInt16(text[i + 1]) << 8
            let k = UInt32(text[i + 4]) | UInt32(text[i + 5]) << 8 | UInt32(text[i + 6]) << 16 | UInt32(text[i + 7]) << 24
            instructions.append(BPFInstruction(code: code, jt: text[i + 2], jf: text[i + 3], k: k))
            i += 8
        }
        guard !instructions.isEmpty, instructions.count <= SeccompProgram.maxInstructions else { return nil }
        return SeccompProgram(instructions: instructions, flags: flags)
    }

    private static func store(_ program: SeccompProgram, at path: String, directory: String) {
        var bytes = magic
        withUnsafeBytes(of: program.flags.littleEndian) { bytes.append(contentsOf: $0) }
        for instruction in program.instructions {
            withUnsafeBytes(of: instruction.code.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(instruction.jt)
            bytes.append(instruction.jf)
            withUnsafeBytes(of: instruction.k.littleEndian) { bytes.append(contentsOf: $0) }
        }
        // Best effort: a cache that cannot be written only costs the next start a compile.
        try? FileTree.makeDirectories(directory, mode: 0o700)
        // Entries of replaced Butte binaries are never read again; keep the directory small.
        let existing = (try? FileTree.entries(of: directory)) ?? []
        if existing.count >= maxEntries {
            for name in existing { try? FileTree.remove(directory + "/" + name) }
        }
        try? FileTree.writeAtomically(path, bytes)
    }
}
