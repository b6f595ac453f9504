// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The session's outstanding watches, by kind and server path, as ZooKeeper keeps them: the
/// server holds at most one watch of each kind per path and fires it once.
///
/// Registration happens on the event loop as the reply that set the watch is read, so a
/// notification read right after it always finds it.
/// Source: ZooKeeper 3.8 `ZKWatchManager.materialize` (which event fires which watches).
final class WatchRegistry: Sendable {
    /// Which server-side watch list a watch is in.
    enum Kind: Sendable {
        /// Set by getData and by exists on an existing node.
        case data
        /// Set by exists on a missing node.
        case exist
        /// Set by getChildren.
        case child
    }

    private struct State {
        var data: [String: [ZooKeeperWatch]] = [:]
        var exist: [String: [ZooKeeperWatch]] = [:]
        var child: [String: [ZooKeeperWatch]] = [:]
        var ended: ZooKeeperError?
    }

    private let state = Mutex(State())
    private let chroot: String

    init(chroot: String) {
        self.chroot = chroot
    }

    /// Adds `watch` for `serverPath`, or completes it at once when the session has ended.
    func register(_ watch: ZooKeeperWatch, kind: Kind, serverPath: String) {
        let ended: ZooKeeperError? = state.withLock { state in
            if let ended = state.ended { return ended }
            switch kind {
            case .data: state.data[serverPath, default: []].append(watch)
            case .exist: state.exist[serverPath, default: []].append(watch)
            case .child: state.child[serverPath, default: []].append(watch)
            }
            return nil
        }
        if let ended { watch.complete(.failure(ended)) }
    }

    /// Fires and removes the watches a notification triggers.
    func trigger(_ event: Wire.WatcherEvent) {
        guard let kind = WatchEvent.Kind(rawValue: event.type) else { return }
        let fired: [ZooKeeperWatch] = state.withLock { state in
            var fired: [ZooKeeperWatch] = []
            let path = event.path
            switch kind {
            case .nodeCreated, .nodeDataChanged:
                fired += state.data.removeValue(forKey: path) ?? []
                fired += state.exist.removeValue(forKey: path) ?? []
            case .nodeDeleted:
                fired += state.data.removeValue(forKey: path) ?? []
                fired += state.exist.removeValue(forKey: path) ?? []
                fired += state.child.removeValue(forKey: path) ?? []
            case .nodeChildrenChanged:
                fired += state.child.removeValue(forKey: path) ?? []
            }
            return fired
        }
        let watchEvent = WatchEvent(kind, path: ZooKeeperPath.stripped(event.path, chroot: chroot))
        for watch in fired { watch.complete(.success(watchEvent)) }
    }

    /// The server paths to re-register with `SetWatches` after moving to another server.
    func paths() -> (data: [String], exist: [String], child: [String]) {
        state.withLock { state in
            (Array(state.data.keys).sorted(), Array(state.exist.keys).sorted(), Array(state.child.keys).sorted())
        }
    }

    /// Completes every watch with `error`, and every watch registered later too.
    func end(_ error: ZooKeeperError) {
        let all: [ZooKeeperWatch] = state.withLock { state in
            guard state.ended == nil else { return [] }
            state.ended = error
            defer {
                state.data = [:]
                state.exist = [:]
                state.child = [:]
            }
            return state.data.values.flatMap { $0 } + state.exist.values.flatMap { $0 } + state.child.values.flatMap { $0 }
        }
        for watch in all { watch.complete(.failure(error)) }
    }
}
