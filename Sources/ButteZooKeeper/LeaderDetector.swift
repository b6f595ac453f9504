// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The current leader of an election: its node and data.
public struct ElectedLeader: Sendable, Hashable {
    /// The leader's node.
    public var node: ElectionNode
    /// The leader's data (MasterInfo JSON for Mesos masters).
    public var data: [UInt8]

    /// Creates a leader value.
    public init(node: ElectionNode, data: [UInt8]) {
        self.node = node
        self.data = data
    }
}

/// Follows an election in ZooKeeper (Mesos layout, see `LeaderContender`) without taking part:
/// reports the leader whenever it changes.
public struct LeaderDetector: Sendable {
    /// The client whose session reads the election.
    public let client: ZooKeeperClient
    /// The election directory (relative to the client's chroot).
    public let path: String
    /// The node label (`json.info_`).
    public let label: String

    /// Creates a detector.
    public init(client: ZooKeeperClient, path: String, label: String = ElectionNode.mesosLabel) {
        self.client = client
        self.path = path
        self.label = label
    }

    /// The leader now, or `nil` when there is none (no contender, or no election directory).
    public func currentLeader() async throws -> ElectedLeader? {
        while true {
            let children: [String]
            do {
                children = try await client.getChildren(path)
            } catch let error as ZooKeeperError where error.code == .noNode {
                return nil
            }
            guard let first = ElectionNode.contenders(in: children, label: label).first else { return nil }
            do {
                return ElectedLeader(node: first, data: try await client.getData(ZooKeeperPath.join(path, first.name)).data)
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue  // The leader left between the two reads: look again.
            }
        }
    }

    /// The leader, first as it is now, then every time it changes (`nil` while there is none).
    ///
    /// The stream ends with an error when the session expires or the client closes; connection
    /// losses in between are ridden out. Cancelling the consuming task ends it.
    public func leaders() -> AsyncThrowingStream<ElectedLeader?, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ElectedLeader?.self)
        let task = Task {
            var last: ElectedLeader??
            while !Task.isCancelled {
                do {
                    guard let (current, watch) = try await observe() else { continue }
                    if last != .some(current) {
                        continuation.yield(current)
                        last = .some(current)
                    }
                    _ = try await watch.event()
                } catch is CancellationError {
                    break
                } catch let error as ZooKeeperError where error.code == .sessionExpired || error.code == .closed {
                    continuation.finish(throwing: error)
                    return
                } catch {
                    continue
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Reads the leader and leaves a watch that fires when it may have changed: on the children of
    /// the election directory, or on the directory's creation while it does not exist.
    /// - Returns: `nil` when a race (the leader leaving between two reads) calls for another look.
    private func observe() async throws -> (ElectedLeader?, ZooKeeperWatch)? {
        let listing: (children: [String], stat: ZooKeeperStat, watch: ZooKeeperWatch)
        do {
            listing = try await client.watchChildren(path)
        } catch let error as ZooKeeperError where error.code == .noNode {
            let (stat, watch) = try await client.watchExists(path)
            return stat == nil ? (nil, watch) : nil
        }
        guard let first = ElectionNode.contenders(in: listing.children, label: label).first else { return (nil, listing.watch) }
        do {
            return (ElectedLeader(node: first, data: try await client.getData(ZooKeeperPath.join(path, first.name)).data), listing.watch)
        } catch let error as ZooKeeperError where error.code == .noNode {
            return nil
        }
    }
}
