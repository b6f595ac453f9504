// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import Dispatch
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Notifications of changes to one cgroup interface file (`memory.events`, `cgroup.events`), through inotify.
///
/// The kernel signals a modification of these files whenever a counter or state in them changes, so a watcher
/// learns of an OOM kill or of the cgroup emptying as it happens, without polling. The inotify descriptor is
/// read by a Dispatch source, never by a thread of the concurrency pool.
public enum CgroupFileWatch {
    /// A stream that yields once at the start and then after each modification of `file`; it ends when the
    /// consumer stops iterating (the inotify descriptor is then closed).
    ///
    /// - Throws: `CgroupError` (`.notFound` or `.io`) when the watch cannot be set up.
    public static func changes(of file: FilePath) throws(CgroupError) -> AsyncStream<Void> {
        let fd: Int32
        do throws(LinuxError) {
            fd = try sys("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK)) }
            _ = try sys("inotify_add_watch", file.string) { file.string.withCString { inotify_add_watch(fd, $0, UInt32(IN_MODIFY)) } }
        } catch {
            throw CgroupError(error.errno == .noSuchFileOrDirectory ? .notFound : .io, "cannot watch \(file)", underlying: error)
        }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "butte.cgroup.watch"))
        source.setEventHandler {
            // Drain the queued events; their content does not matter, only that the file changed.
            var buffer = [UInt8](repeating: 0, count: 4096)
            var changed = false
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    changed = true
                    continue
                }
                if n < 0 && errno == EINTR { continue }
                break
            }
            if changed { continuation.yield() }
        }
        source.setCancelHandler { close(fd) }
        let handle = SourceHandle(source)
        continuation.onTermination = { _ in handle.source.cancel() }
        continuation.yield()
        source.resume()
        return stream
    }
}

extension CgroupLeaf {
    /// The counters of `memory.events`, now and after every change: an OOM kill shows as `oomKill` rising the
    /// moment it happens. Ends when the consumer stops iterating or the file cannot be read any more (the
    /// leaf was removed).
    ///
    /// - Throws: `CgroupError` (`.unavailable`) without the memory controller, or when the watch cannot be set up.
    public func memoryEventUpdates() throws(CgroupError) -> AsyncStream<CgroupMemoryEvents> {
        guard controllers.contains(.memory) else {
            throw CgroupError(.unavailable, "the memory controller is not enabled in \(parent), so \(path) has no memory.events")
        }
        let changes = try CgroupFileWatch.changes(of: path.appending("memory.events"))
        let leaf = self
        return AsyncStream { continuation in
            let task = Task {
                var last: CgroupMemoryEvents?
                for await _ in changes {
                    guard let events = try? leaf.memoryEvents() else { break }
                    if events != last {
                        continuation.yield(events)
                        last = events
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Carries a Dispatch source into the stream's termination handler; sources may be cancelled from any thread.
private final class SourceHandle: @unchecked Sendable {
    let source: any DispatchSourceRead
    init(_ source: any DispatchSourceRead) { self.source = source }
}
