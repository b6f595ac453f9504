// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A value behind a mutex, shared between tasks.
final class MutexBox<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func get() -> Value {
        mutex.withLock { $0 }
    }

    func set(_ value: Value) {
        mutex.withLock { $0 = value }
    }

    @discardableResult
    func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
