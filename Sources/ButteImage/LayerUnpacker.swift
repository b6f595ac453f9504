// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#endif

/// Writes an uncompressed layer tar stream into a layer directory, in overlayfs-native form, without ever
/// writing outside that directory.
///
/// Every entry's parent is resolved inside the layer, one component at a time with
/// `openat(O_NOFOLLOW|O_DIRECTORY)`; a symlink met on the way is resolved by Butte relative to the layer
/// root (`..` stops at the root), never by the kernel. Objects are then created and changed through fds or
/// `*at` calls that do not follow a final symlink. Whiteouts become overlayfs whiteouts (`.wh.NAME` → a
/// 0:0 character device `NAME`; `.wh..wh..opq` → the `opaque` xattr on the directory). Archive xattrs in
/// `trusted.*` and `user.overlay.*` are dropped, so a layer cannot forge overlayfs control attributes.
///
/// Feed the tar stream with `write(_:)` in chunks of any size, then call `finish()`.
public final class LayerUnpacker {
    /// How the unpacker treats owners, devices and overlay attributes.
    public struct Options: Sendable {
        /// Limits on the archive.
        public var limits: TarLimits
        /// Apply the archive's uid and gid (needs root; off by default when not root).
        public var preserveOwnership: Bool
        /// Create character and block devices from the archive (needs root). Off by default: the container's
        /// `/dev` is a fresh tmpfs, and device nodes in layers are skipped and counted.
        public var createDeviceNodes: Bool
        /// The xattr namespace overlayfs reads its attributes from: `trusted.overlay.` for a mount by root,
        /// `user.overlay.` for an unprivileged mount with `userxattr`.
        public var overlayXattrPrefix: String

        /// Creates options.
        public init(
            limits: TarLimits = TarLimits(),
            preserveOwnership: Bool = geteuid() == 0,
            createDeviceNodes: Bool = false,
            overlayXattrPrefix: String = "trusted.overlay."
        ) {
            self.limits = limits
            self.preserveOwnership = preserveOwnership
            self.createDeviceNodes = createDeviceNodes
            self.overlayXattrPrefix = overlayXattrPrefix
        }
    }

    /// What an unpack did.
    public struct Summary: Sendable, Hashable {
        /// Entries read from the archive.
        public var entries: Int
        /// Uncompressed bytes read, headers included.
        public var bytes: Int64
        /// Whiteouts and opaque markers written.
        public var whiteouts: Int
        /// Device nodes skipped because `createDeviceNodes` is off.
        public var skippedDevices: Int
        /// Extended attributes dropped because they are reserved (`trusted.*`, `user.overlay.*`, `security.selinux`).
        public var droppedXattrs: Int
    }

    private struct OpenFile {
        var fd: Int32
        var entry: TarEntry
        var name: String
    }

    private struct DirectoryMetadata {
        var components: [[UInt8]]
        var mode: UInt32
        var mtime: TarEntry.Time
    }

    /// The options in force.
    public let options: Options
    private let rootFD: Int32
    private var reader: TarReader
    private var current: OpenFile?
    private var skippingContent = false
    private var directories: [DirectoryMetadata] = []
    private var rootMetadata: DirectoryMetadata?
    private var summary = Summary(entries: 0, bytes: 0, whiteouts: 0, skippedDevices: 0, droppedXattrs: 0)
    private var finished = false
    private var failed: ImageError?

    /// Opens the layer directory, which must exist and must not be a symlink.
    /// - Throws: `ImageError` `.filesystem` when it cannot be opened as a directory.
    public init(directory: String, options: Options = Options()) throws(ImageError) {
        self.options = options
        self.reader = TarReader(limits: options.limits)
        self.rootFD = try LayerFS.sys("open", directory) { open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
    }

    deinit {
        if let current { close(current.fd) }
        close(rootFD)
    }

    /// Feeds a chunk of the uncompressed tar stream.
    /// - Throws: `ImageError`; after an error the unpacker refuses further input and the layer directory must be discarded.
    public func write(_ chunk: UnsafeRawBufferPointer) throws(ImageError) {
        if let failed { throw failed }
        precondition(!finished, "write after finish")
        do {
            try reader.consume(chunk) { (event) throws(ImageError) in try self.handle(event) }
        } catch {
            failed = error
            if let current {
                close(current.fd)
                self.current = nil
            }
            throw error
        }
    }

    /// Feeds bytes from any contiguous collection.
    public func write(_ bytes: [UInt8]) throws(ImageError) {
        let r: Result<Void, ImageError> = bytes.withUnsafeBytes { raw in
            do throws(ImageError) {
                try write(raw)
                return .success(())
            } catch { return .failure(error) }
        }
        try r.get()
    }

    /// Ends the stream: checks the archive is complete, then sets directory modes and times (deepest first).
    /// - Returns: what was unpacked.
    public func finish() throws(ImageError) -> Summary {
        if let failed { throw failed }
        try reader.finish()
        finished = true
        for dir in directories.sorted(by: { $0.components.count > $1.components.count }) {
            try applyDirectoryMetadata(dir)
        }
        if let root = rootMetadata {
            try LayerFS.sys("fchmod", "/") { fchmod(rootFD, mode_t(root.mode)) }
            try setTimes(fd: rootFD, root.mtime, "/")
        }
        summary.entries = reader.entryCount
        summary.bytes = reader.totalBytes
        return summary
    }

    // MARK: Events

    private func handle(_ event: TarEvent) throws(ImageError) {
        switch event {
        case .entry(let entry):
            try begin(entry)
        case .data(let bytes):
            guard let file = current else { return }  // content of a whiteout marker or skipped entry
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(file.fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LayerFS.failure("write", file.name)
                }
                offset += n
            }
        case .entryEnd:
            if let file = current {
                current = nil
                defer { close(file.fd) }
                try applyMetadata(fd: file.fd, file.entry, file.name)
            }
        }
    }

    private func begin(_ entry: TarEntry) throws(ImageError) {
        let name = entry.path
        let components = try Self.components(of: entry.pathBytes, what: "entry", name: name)

        // AUFS bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`) has no meaning here; skip it and its children.
        if components.contains(where: { $0.starts(with: Self.metaPrefix) && $0 != Self.opaqueMarker }) { return }
        for c in components.dropLast() where c.starts(with: Self.whiteoutPrefix) {
            throw ImageError(.invalidArchive, "invalid archive: entry \(TarReader.show(entry.pathBytes)) uses a whiteout name as a directory")
        }

        guard let base = components.last else {
            // The entry stands for the layer root: it may only describe that directory.
            guard entry.kind == .directory else {
                throw ImageError(
                    .unsafeEntry,
                    "refusing entry \(TarReader.show(entry.pathBytes)): it resolves to the layer root, which may only be a directory"
                )
            }
            if options.preserveOwnership {
                try LayerFS.sys("fchown", "/") { fchown(rootFD, entry.uid, entry.gid) }
            }
            try applyXattrs(fd: rootFD, entry, "/")
            rootMetadata = DirectoryMetadata(components: [], mode: entry.mode, mtime: entry.modificationTime)
            return
        }

        if base.starts(with: Self.whiteoutPrefix) {
            try whiteout(entry, components: components)
            return
        }

        let parent = try resolveDirectory(Array(components.dropLast()), create: true, for: name)
        defer { close(parent) }
        let cname = Self.cString(base)

        if let existing = LayerFS.stat(parent, cname) {
            // Layers should not repeat paths; when one does, the later entry wins, except that a directory
            // entry over a directory only updates its metadata.
            if !(entry.kind == .directory && LayerFS.isDirectory(existing)) {
                try LayerFS.remove(parent, cname, name)
            }
        }

        switch entry.kind {
        case .regular:
            let fd = try LayerFS.sys("openat", name) {
                openat(parent, cname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            }
            current = OpenFile(fd: fd, entry: entry, name: name)
        case .directory:
            if LayerFS.stat(parent, cname) == nil {
                try LayerFS.sys("mkdirat", name) { mkdirat(parent, cname, 0o700) }
            }
            let fd = try LayerFS.sys("openat", name) { openat(parent, cname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            defer { close(fd) }
            if options.preserveOwnership {
                try LayerFS.sys("fchown", name) { fchown(fd, entry.uid, entry.gid) }
            }
            try applyXattrs(fd: fd, entry, name)
            // Mode and times wait until the end: a read-only directory must still take its children, and
            // creating the children would change its mtime.
            directories.append(DirectoryMetadata(components: components, mode: entry.mode, mtime: entry.modificationTime))
        case .symbolicLink:
            guard !entry.linkTargetBytes.isEmpty else {
                throw ImageError(.invalidArchive, "symlink \(TarReader.show(entry.pathBytes)) has an empty target")
            }
            // The target is stored as written; it is only ever resolved inside the container's root.
            try LayerFS.sys("symlinkat", name) { symlinkat(Self.cString(entry.linkTargetBytes), parent, cname) }
            try applyPathMetadata(parent, cname, entry, name, chmod: false)
        case .hardLink:
            let targetComponents = try Self.components(of: entry.linkTargetBytes, what: "hard link target", name: entry.linkTarget)
            guard let targetBase = targetComponents.last else {
                throw ImageError(.unsafeEntry, "refusing hard link \(TarReader.show(entry.pathBytes)) to the layer root")
            }
            let missing = ImageError(
                .invalidArchive,
                "hard link \(TarReader.show(entry.pathBytes)) points to \(TarReader.show(entry.linkTargetBytes)), which is not in this layer"
            )
            let targetParent: Int32
            do {
                targetParent = try resolveDirectory(Array(targetComponents.dropLast()), create: false, for: entry.linkTarget)
            } catch {
                throw error.code == .filesystem ? missing : error
            }
            defer { close(targetParent) }
            let ctarget = Self.cString(targetBase)
            guard LayerFS.stat(targetParent, ctarget) != nil else { throw missing }
            // No AT_SYMLINK_FOLLOW: a link to a symlink links the symlink itself. The shared inode already
            // has its metadata, so nothing is changed through the new name (CVE-2021-32760).
            try LayerFS.sys("linkat", name) { linkat(targetParent, ctarget, parent, cname, 0) }
        case .fifo:
            try LayerFS.sys("mkfifoat", name) { mkfifoat(parent, cname, 0o600) }
            try applyPathMetadata(parent, cname, entry, name, chmod: true)
        case .characterDevice, .blockDevice:
            guard options.createDeviceNodes else {
                summary.skippedDevices += 1
                return
            }
            let type = entry.kind == .characterDevice ? S_IFCHR : S_IFBLK
            let dev = LayerFS.makeDevice(major: entry.deviceMajor, minor: entry.deviceMinor)
            try LayerFS.sys("mknodat", name) { mknodat(parent, cname, type | 0o600, dev) }
            try applyPathMetadata(parent, cname, entry, name, chmod: true)
        }
    }

    private func whiteout(_ entry: TarEntry, components: [[UInt8]]) throws(ImageError) {
        let base = components[components.count - 1]
        guard entry.kind == .regular else {
            throw ImageError(.invalidArchive, "invalid archive: whiteout \(TarReader.show(entry.pathBytes)) is not a regular file")
        }
        let parent = try resolveDirectory(Array(components.dropLast()), create: true, for: entry.path)
        defer { close(parent) }
        summary.whiteouts += 1
        if base == Self.opaqueMarker {
            let attr = options.overlayXattrPrefix + "opaque"
            try LayerFS.sys("fsetxattr", "\(attr) on \(entry.path)") { LayerFS.setXattr(parent, attr, [UInt8(ascii: "y")]) }
            return
        }
        let hidden = Array(base.dropFirst(Self.whiteoutPrefix.count))
        guard !hidden.isEmpty, hidden != [UInt8(ascii: ".")], hidden != [UInt8(ascii: "."), UInt8(ascii: ".")] else {
            throw ImageError(.invalidArchive, "invalid archive: whiteout \(TarReader.show(entry.pathBytes)) does not name a file")
        }
        let cname = Self.cString(hidden)
        if LayerFS.stat(parent, cname) != nil {
            try LayerFS.remove(parent, cname, entry.path)
        }
        try LayerFS.sys("mknodat", "whiteout \(entry.path)") { mknodat(parent, cname, S_IFCHR | 0o000, 0) }
    }

    // MARK: Metadata

    /// Owner, then mode (chown clears setuid), then xattrs (chown clears security.capability), then times.
    private func applyMetadata(fd: Int32, _ entry: TarEntry, _ name: String) throws(ImageError) {
        if options.preserveOwnership {
            try LayerFS.sys("fchown", name) { fchown(fd, entry.uid, entry.gid) }
        }
        try LayerFS.sys("fchmod", name) { fchmod(fd, mode_t(entry.mode)) }
        try applyXattrs(fd: fd, entry, name)
        try setTimes(fd: fd, entry.modificationTime, name)
    }

    /// Metadata for objects that cannot be opened for writing (symlinks, fifos, devices), by name without following.
    private func applyPathMetadata(_ parent: Int32, _ cname: [CChar], _ entry: TarEntry, _ name: String, chmod: Bool) throws(ImageError) {
        if options.preserveOwnership {
            try LayerFS.sys("fchownat", name) { fchownat(parent, cname, entry.uid, entry.gid, AT_SYMLINK_NOFOLLOW) }
        }
        if chmod {
            try LayerFS.sys("fchmodat", name) { fchmodat(parent, cname, mode_t(entry.mode), AT_SYMLINK_NOFOLLOW) }
        }
        var times = Self.timespecs(entry.modificationTime)
        try LayerFS.sys("utimensat", name) { utimensat(parent, cname, &times, AT_SYMLINK_NOFOLLOW) }
    }

    private func applyXattrs(fd: Int32, _ entry: TarEntry, _ name: String) throws(ImageError) {
        for x in entry.xattrs {
            // SELinux labels are the host's business; Butte does not label from archives.
            if x.name.hasPrefix("trusted.") || x.name.hasPrefix("user.overlay.") || x.name == "security.selinux" {
                summary.droppedXattrs += 1
                continue
            }
            try LayerFS.sys("fsetxattr", "\(x.name) on \(name)") {
                LayerFS.setXattr(fd, x.name, x.value)
            }
        }
    }

    private func applyDirectoryMetadata(_ dir: DirectoryMetadata) throws(ImageError) {
        let name = String(decoding: Array(dir.components.joined(separator: [UInt8(ascii: "/")])), as: UTF8.self)
        let parent = try resolveDirectory(Array(dir.components.dropLast()), create: false, for: name)
        defer { close(parent) }
        let cname = Self.cString(dir.components[dir.components.count - 1])
        // A later entry may have replaced the directory; then its metadata no longer applies.
        guard let st = LayerFS.stat(parent, cname), LayerFS.isDirectory(st) else { return }
        let fd = try LayerFS.sys("openat", name) { openat(parent, cname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        defer { close(fd) }
        try LayerFS.sys("fchmod", name) { fchmod(fd, mode_t(dir.mode)) }
        try setTimes(fd: fd, dir.mtime, name)
    }

    private func setTimes(fd: Int32, _ time: TarEntry.Time, _ name: String) throws(ImageError) {
        var times = Self.timespecs(time)
        try LayerFS.sys("futimens", name) { futimens(fd, &times) }
    }

    private static func timespecs(_ t: TarEntry.Time) -> [timespec] {
        let ts = timespec(tv_sec: Int(t.seconds), tv_nsec: Int(t.nanoseconds))
        return [ts, ts]
    }

    // MARK: Resolution

    /// Opens the directory at `components` below the layer root, resolving symlinks inside the layer.
    ///
    /// Each step is `openat(O_NOFOLLOW|O_DIRECTORY)`. A symlink found on the way is read and its target
    /// walked from the layer root (absolute) or the current directory (relative), with `..` never leaving
    /// the root; at most 40 symlinks are followed. Missing directories are created (0755) when `create` is set.
    /// - Returns: an fd the caller closes.
    private func resolveDirectory(_ components: [[UInt8]], create: Bool, for subject: String) throws(ImageError) -> Int32 {
        var stack: [Int32] = []
        defer { for fd in stack { close(fd) } }
        var pending = Array(components.reversed())
        var links = 0
        while let c = pending.popLast() {
            if c.isEmpty || c == [UInt8(ascii: ".")] { continue }
            if c == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                if let top = stack.popLast() { close(top) }
                continue
            }
            let here = stack.last ?? rootFD
            let cname = Self.cString(c)
            let opened = LayerFS.attempt { openat(here, cname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            if opened.result >= 0 {
                stack.append(opened.result)
                continue
            }
            switch opened.errno {
            case ENOENT where create:
                let made = LayerFS.attempt { mkdirat(here, cname, 0o755) }
                if made.result != 0 && made.errno != EEXIST {
                    throw LayerFS.failure("mkdirat", subject, made.errno)
                }
                pending.append(c)  // open it on the next turn
            case ELOOP, ENOTDIR:
                guard let st = LayerFS.stat(here, cname), LayerFS.isSymlink(st) else {
                    throw ImageError(
                        .invalidArchive,
                        "cannot unpack \(Self.quote(subject)): component \(TarReader.show(c)) is not a directory"
                    )
                }
                links += 1
                guard links <= 40 else {
                    throw ImageError(.invalidArchive, "cannot unpack \(Self.quote(subject)): too many levels of symbolic links")
                }
                let target = try LayerFS.readlink(here, cname, subject)
                if target.first == UInt8(ascii: "/") {
                    for fd in stack { close(fd) }
                    stack.removeAll()
                }
                pending.append(contentsOf: target.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init).reversed())
            default:
                throw LayerFS.failure("openat", subject, opened.errno)
            }
        }
        let result: Int32
        if let top = stack.popLast() {
            result = top
        } else {
            result = try LayerFS.sys("dup", subject) { fcntl(rootFD, F_DUPFD_CLOEXEC, 0) }
        }
        return result
    }

    // MARK: Names

    static let whiteoutPrefix = Array(".wh.".utf8)
    static let metaPrefix = Array(".wh..wh.".utf8)
    static let opaqueMarker = Array(".wh..wh..opq".utf8)

    /// Splits an archive name into components: a leading `/` and `.` components are dropped (absolute names
    /// are taken relative to the layer root), and `..` is refused.
    static func components(of bytes: [UInt8], what: String, name: String) throws(ImageError) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.elementsEqual([UInt8(ascii: ".")]) { continue }
            if part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                throw ImageError(.unsafeEntry, "refusing \(what) \(quote(name)): '..' components are not allowed")
            }
            guard part.count <= Int(NAME_MAX) else {
                throw ImageError(.limitExceeded, "\(what) \(quote(name)) has a component longer than \(NAME_MAX) bytes")
            }
            out.append(Array(part))
        }
        return out
    }

    static func cString(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
    }

    static func quote(_ s: String) -> String { "\"\(s.prefix(300))\"" }
}
