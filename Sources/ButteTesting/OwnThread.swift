// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Blocking work in tests (waiting for a process, a socket read) on a thread of its own.
///
/// Neither the concurrency pool nor Dispatch's global queue may carry it: both have about one thread per
/// core, and the servers under test need them to answer.
public enum OwnThread {
    /// Runs `body` on a new thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}
