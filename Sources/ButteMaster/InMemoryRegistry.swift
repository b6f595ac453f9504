// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A registry that lives as long as the process (`--registry=in_memory`, tests).
public final class InMemoryRegistry: Registry {
    private let state = Mutex(RegistryState())

    /// Creates an empty registry.
    public init() {}

    /// The stored state.
    public func load() async throws -> RegistryState { state.withLock { $0 } }

    /// Replaces the stored state.
    public func store(_ newState: RegistryState) async throws { state.withLock { $0 = newState } }
}
