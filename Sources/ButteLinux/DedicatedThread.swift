// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A detached POSIX thread for blocking work (`waitid`, a launch's error-pipe read) that must never run on
/// the concurrency pool. No Foundation: it sits on the container start path.
public enum DedicatedThread {
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread.
    ///
    /// - Throws: `LinuxError` when the thread cannot be created.
    public static func start(_ body: @escaping @Sendable () -> Void) throws(LinuxError) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let r = pthread_create(
            &thread, &attributes,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        if r != 0 {
            Unmanaged<Box>.fromOpaque(box).release()
            throw LinuxError(call: "pthread_create", errno: Errno(rawValue: r))
        }
    }
}
