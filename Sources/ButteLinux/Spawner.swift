// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import CLinux
import CSpawn
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a ``SpawnPlan``: builds CSpawn's plan (every string and buffer laid out in one parent-side arena),
/// clones the first process, writes user namespace maps, and waits until the command was executed or the
/// child reported the step that failed.
///
/// `spawn` blocks until the command's `execve`; call it on a dedicated thread, never on the concurrency pool.
/// The thread that calls it is the "parent" of ``SpawnPlan/parentDeathSignal``: keep it alive as long as
/// the container should live.
public enum Spawner {
    /// Launches `plan`.
    ///
    /// - Returns: the first process, after its command was executed.
    /// - Throws: `SpawnError` naming the failed step and its errno. The child is reaped before this throws.
    public static func spawn(_ plan: SpawnPlan) throws(SpawnError) -> SpawnedProcess {
        let layout = try Layout(plan)
        var errorPipe = try makePipe()
        var syncPipe: (read: Int32, write: Int32) = (-1, -1)
        var statusPipe: (read: Int32, write: Int32) = (-1, -1)
        let needsSync = plan.namespaces.contains(.user) || plan.parentDeathSignal != nil
        do {
            if needsSync { syncPipe = try makePipe() }
            if plan.runsInit { statusPipe = try makePipe() }
        } catch {
            closeAll([errorPipe.read, errorPipe.write, syncPipe.read, syncPipe.write])
            throw error
        }

        var channels = cspawn_channels(error_write: errorPipe.write, sync_read: syncPipe.read, status_write: statusPipe.write)
        var pidfd: Int32 = -1
        let pid = layout.withPlan(plan) { cPlan in cspawn_run(cPlan, &channels, &pidfd) }
        // The child holds its own copies; the parent keeps only its ends.
        closeAll([errorPipe.write, syncPipe.read, statusPipe.write])
        errorPipe.write = -1
        guard pid > 0 else {
            closeAll([errorPipe.read, syncPipe.write, statusPipe.read])
            throw SpawnError(stage: .clone, errno: Errno(rawValue: -pid))
        }
        let process = Pidfd(rawValue: pidfd)

        func abandon(_ error: SpawnError) -> SpawnError {
            try? process.send(signal: SIGKILL)
            _ = try? process.wait()
            process.close()
            closeAll([errorPipe.read, syncPipe.write, statusPipe.read])
            return error
        }

        if plan.namespaces.contains(.user) {
            do {
                try writeMap("/proc/\(pid)/uid_map", IDMapping.text(plan.uidMappings))
                try writeMap("/proc/\(pid)/gid_map", IDMapping.text(plan.gidMappings))
            } catch {
                throw abandon(SpawnError(stage: .userNamespaceMaps, errno: error))
            }
        }
        if syncPipe.write >= 0 {
            var go: UInt8 = 1
            let n = write(syncPipe.write, &go, 1)
            let e = errno
            _ = close(syncPipe.write)
            syncPipe.write = -1
            if n != 1 { throw abandon(SpawnError(stage: .synchronization, errno: Errno(rawValue: e))) }
        }

        // End of file: every copy of the write end is gone, the last one closed by the command's execve.
        var failure = cspawn_failure(stage: 0, err: 0)
        let n = withUnsafeMutableBytes(of: &failure) { buffer -> Int in
            var got = 0
            while got < buffer.count {
                let r = read(errorPipe.read, buffer.baseAddress! + got, buffer.count - got)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { break }
                got += r
            }
            return got
        }
        _ = close(errorPipe.read)
        errorPipe.read = -1
        if n == 0 {
            return SpawnedProcess(pid: pid, pidfd: process, statusDescriptor: statusPipe.read >= 0 ? statusPipe.read : nil)
        }
        let stage: SpawnError.Stage
        if n != MemoryLayout<cspawn_failure>.size {
            stage = .unknown(Int32(n))
        } else {
            stage = Self.stage(failure.stage, plan: plan)
        }
        throw abandon(SpawnError(stage: stage, errno: Errno(rawValue: failure.err)))
    }

    static func stage(_ raw: Int32, plan: SpawnPlan) -> SpawnError.Stage {
        if raw >= 0 {
            let i = Int(raw)
            return i < plan.operations.count ? .operation(index: i, plan.operations[i]) : .unknown(raw)
        }
        switch raw {
        case CSPAWN_STAGE_SYNC.rawValue: return .synchronization
        case CSPAWN_STAGE_STDIO.rawValue: return .standardIO
        case CSPAWN_STAGE_SIGNALS.rawValue: return .signals
        case CSPAWN_STAGE_INIT.rawValue: return .initProcess
        case CSPAWN_STAGE_EXEC.rawValue: return .exec(candidates: plan.executableCandidates)
        case CSPAWN_STAGE_PARENT_DEATH.rawValue: return .parentDeathSignal
        default: return .unknown(raw)
        }
    }

    private static func makePipe() throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        let r = clinux_pipe2(&fds, O_CLOEXEC)
        guard r == 0 else { throw SpawnError(stage: .pipes, errno: Errno(rawValue: -r)) }
        return (fds[0], fds[1])
    }

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { _ = close(fd) }
    }

    private static func writeMap(_ path: String, _ text: String) throws(Errno) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        defer { _ = close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw Errno(rawValue: n < 0 ? errno : EIO) }
    }
}

/// CSpawn's plan as offsets into one byte arena, built before `clone3` so the child only reads memory.
private struct Layout {
    struct Op {
        var kind: UInt32
        var flags: UInt32 = 0
        var path: Int? = nil
        var source: Int? = nil
        var fstype: Int? = nil
        var data: Int? = nil
        var mountFlags: UInt64 = 0
        var a: UInt64 = 0
        var b: UInt64 = 0
        var c: UInt64 = 0
        var buffer: Int? = nil
        var length: UInt32 = 0
    }

    var arena: [UInt8] = []
    var ops: [Op] = []
    var candidates: [Int] = []
    var arguments: [Int] = []
    var environment: [Int] = []

    init(_ plan: SpawnPlan) throws(SpawnError) {
        arena.reserveCapacity(4096)
        for op in plan.operations { ops.append(try add(op)) }
        candidates = try plan.executableCandidates.map { (s) throws(SpawnError) in try string(s) }
        arguments = try plan.arguments.map { (s) throws(SpawnError) in try string(s) }
        environment = try plan.environment.map { (s) throws(SpawnError) in try string(s) }
        if plan.arguments.isEmpty { throw SpawnError(stage: .invalidPlan("no command"), errno: .invalidArgument) }
        if plan.executableCandidates.isEmpty { throw SpawnError(stage: .invalidPlan("no executable path"), errno: .noSuchFileOrDirectory) }
    }

    mutating func string(_ s: String) throws(SpawnError) -> Int {
        let utf8 = s.utf8
        if utf8.contains(0) { throw SpawnError(stage: .invalidPlan("\(s.debugDescription) holds a NUL byte"), errno: .invalidArgument) }
        let offset = arena.count
        arena.append(contentsOf: utf8)
        arena.append(0)
        return offset
    }

    mutating func bytes(_ b: [UInt8]) -> Int {
        while arena.count % 8 != 0 { arena.append(0) }
        let offset = arena.count
        arena.append(contentsOf: b)
        return offset
    }

    /// Paths inside the root are passed relative (no leading slash) to `openat2`.
    mutating func inRoot(_ path: String) throws(SpawnError) -> Int {
        var p = Substring(path)
        while p.hasPrefix("/") { p = p.dropFirst() }
        return try string(String(p))
    }

    static func flags(_ missing: SpawnOperation.Missing) -> UInt32 {
        switch missing {
        case .fail: return 0
        case .createDirectory: return CSPAWN_CREATE_DIRECTORY.rawValue
        case .createFile: return CSPAWN_CREATE_FILE.rawValue
        case .skip: return CSPAWN_SKIP_MISSING.rawValue
        }
    }

    mutating func add(_ operation: SpawnOperation) throws(SpawnError) -> Op {
        switch operation {
        case .mount(let source, let target, let type, let flags, let data):
            var op = Op(kind: CSPAWN_OP_MOUNT.rawValue)
            op.source = try source.map { (s) throws(SpawnError) in try string(s) }
            op.path = try string(target)
            op.fstype = try type.map { (s) throws(SpawnError) in try string(s) }
            op.data = try data.map { (s) throws(SpawnError) in try string(s) }
            op.mountFlags = flags.rawValue
            return op
        case .openRoot(let path):
            var op = Op(kind: CSPAWN_OP_OPEN_ROOT.rawValue)
            op.path = try string(path)
            return op
        case .mountInRoot(let target, let type, let source, let flags, let data, let missing):
            // Kernel filesystems go on the real directories of the root, never where a link of the image points.
            var op = Op(kind: CSPAWN_OP_MOUNT_IN_ROOT.rawValue, flags: Self.flags(missing) | CSPAWN_NO_SYMLINKS.rawValue)
            op.path = try inRoot(target)
            op.fstype = try string(type)
            op.source = try string(source)
            op.data = try data.map { (s) throws(SpawnError) in try string(s) }
            op.mountFlags = flags.rawValue
            return op
        case .bindInRoot(let source, let target, let attributes, let missing):
            var op = Op(kind: CSPAWN_OP_BIND_IN_ROOT.rawValue, flags: Self.flags(missing))
            op.source = try string(source)
            op.path = try inRoot(target)
            op.a = attributes.rawValue
            return op
        case .maskInRoot(let path):
            var op = Op(kind: CSPAWN_OP_MASK_IN_ROOT.rawValue, flags: CSPAWN_NO_SYMLINKS.rawValue)
            op.path = try inRoot(path)
            return op
        case .readOnlyInRoot(let path):
            var op = Op(kind: CSPAWN_OP_READONLY_IN_ROOT.rawValue, flags: CSPAWN_NO_SYMLINKS.rawValue)
            op.path = try inRoot(path)
            return op
        case .makeNodeInRoot(let path, let mode, let device):
            var op = Op(kind: CSPAWN_OP_MKNOD_IN_ROOT.rawValue, flags: CSPAWN_CREATE_DIRECTORY.rawValue | CSPAWN_NO_SYMLINKS.rawValue)
            op.path = try inRoot(path)
            op.a = UInt64(mode)
            op.b = device
            return op
        case .symlinkInRoot(let path, let target):
            var op = Op(kind: CSPAWN_OP_SYMLINK_IN_ROOT.rawValue, flags: CSPAWN_CREATE_DIRECTORY.rawValue | CSPAWN_NO_SYMLINKS.rawValue)
            op.path = try inRoot(path)
            op.source = try string(target)
            return op
        case .rootReadOnly:
            return Op(kind: CSPAWN_OP_ROOT_READONLY.rawValue)
        case .pivotRoot:
            return Op(kind: CSPAWN_OP_PIVOT_ROOT.rawValue)
        case .setHostname(let name):
            var op = Op(kind: CSPAWN_OP_SETHOSTNAME.rawValue)
            op.path = try string(name)
            return op
        case .setDomainName(let name):
            var op = Op(kind: CSPAWN_OP_SETDOMAINNAME.rawValue)
            op.path = try string(name)
            return op
        case .loopbackUp:
            return Op(kind: CSPAWN_OP_LOOPBACK_UP.rawValue)
        case .setResourceLimit(let limit):
            var op = Op(kind: CSPAWN_OP_SETRLIMIT.rawValue)
            op.a = UInt64(limit.resource.rawValue)
            op.b = limit.soft
            op.c = limit.hard
            return op
        case .newSession:
            return Op(kind: CSPAWN_OP_SETSID.rawValue)
        case .dropBounding(let caps):
            var op = Op(kind: CSPAWN_OP_DROP_BOUNDING.rawValue)
            op.a = caps.bits
            return op
        case .setIDs(let uid, let gid, let groups):
            var op = Op(kind: CSPAWN_OP_SET_IDS.rawValue)
            op.a = UInt64(uid)
            op.b = UInt64(gid)
            var raw: [UInt8] = []
            for g in groups { withUnsafeBytes(of: g) { raw.append(contentsOf: $0) } }
            op.buffer = bytes(raw)
            op.length = UInt32(groups.count)
            return op
        case .setCapabilities(let caps):
            var op = Op(kind: CSPAWN_OP_CAPSET.rawValue)
            var raw: [UInt8] = []
            for w in caps.capsetWords { withUnsafeBytes(of: w) { raw.append(contentsOf: $0) } }
            op.buffer = bytes(raw)
            op.length = 6
            return op
        case .setAmbient(let caps):
            var op = Op(kind: CSPAWN_OP_AMBIENT.rawValue)
            op.a = caps.bits
            return op
        case .noNewPrivileges:
            return Op(kind: CSPAWN_OP_NO_NEW_PRIVS.rawValue)
        case .seccomp(let filter, let flags):
            guard filter.count % 8 == 0, !filter.isEmpty, filter.count / 8 <= 4096 else {
                throw SpawnError(stage: .invalidPlan("a seccomp filter of \(filter.count) bytes"), errno: .invalidArgument)
            }
            var op = Op(kind: CSPAWN_OP_SECCOMP.rawValue)
            op.buffer = bytes(filter)
            op.length = UInt32(filter.count / 8)
            op.a = UInt64(flags)
            return op
        case .closeFileDescriptors:
            return Op(kind: CSPAWN_OP_CLOSE_FDS.rawValue)
        case .changeDirectory(let path):
            var op = Op(kind: CSPAWN_OP_CHDIR.rawValue)
            op.path = try string(path)
            return op
        case .setDumpable(let on):
            var op = Op(kind: CSPAWN_OP_SET_DUMPABLE.rawValue)
            op.a = on ? 1 : 0
            return op
        }
    }

    /// Builds the C structures over the arena and calls `body` while they are valid.
    func withPlan<R>(_ plan: SpawnPlan, _ body: (UnsafePointer<cspawn_plan>) -> R) -> R {
        var arena = self.arena
        arena.append(0)  // never empty, so the base address exists
        return arena.withUnsafeMutableBytes { raw -> R in
            let base = raw.baseAddress!
            func cstr(_ offset: Int?) -> UnsafePointer<CChar>? {
                offset.map { UnsafePointer(base.advanced(by: $0).assumingMemoryBound(to: CChar.self)) }
            }
            func mstr(_ offset: Int) -> UnsafeMutablePointer<CChar>? {
                base.advanced(by: offset).assumingMemoryBound(to: CChar.self)
            }
            let cOps = ops.map { op in
                cspawn_op(
                    kind: op.kind, flags: op.flags, path: cstr(op.path), source: cstr(op.source), fstype: cstr(op.fstype),
                    data: cstr(op.data), mount_flags: op.mountFlags, a: op.a, b: op.b, c: op.c,
                    buffer: op.buffer.map { UnsafeRawPointer(base.advanced(by: $0)) }, length: op.length)
            }
            let cCandidates: [UnsafePointer<CChar>?] = candidates.map { cstr($0) }
            let cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { mstr($0) } + [nil]
            let cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { mstr($0) } + [nil]
            return cOps.withUnsafeBufferPointer { opsBuffer in
                cCandidates.withUnsafeBufferPointer { candidatesBuffer in
                    cArguments.withUnsafeBufferPointer { argv in
                        cEnvironment.withUnsafeBufferPointer { envp in
                            var p = cspawn_plan()
                            p.clone_flags = plan.namespaces.rawValue
                            p.cgroup_fd = plan.cgroupDescriptor ?? -1
                            p.stdio = (plan.standardInput ?? -1, plan.standardOutput ?? -1, plan.standardError ?? -1)
                            p.parent_death_signal = plan.parentDeathSignal ?? 0
                            p.use_init = plan.runsInit ? 1 : 0
                            p.ops = opsBuffer.baseAddress
                            p.op_count = UInt32(opsBuffer.count)
                            p.exec_paths = candidatesBuffer.baseAddress
                            p.exec_path_count = UInt32(candidatesBuffer.count)
                            p.argv = argv.baseAddress
                            p.envp = envp.baseAddress
                            return withUnsafePointer(to: &p) { body($0) }
                        }
                    }
                }
            }
        }
    }
}
