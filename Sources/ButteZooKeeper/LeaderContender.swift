// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One contender of a leader election in ZooKeeper, with the Mesos layout: an ephemeral
/// sequential `<path>/json.info_<seq>` node holding the contender's data; the lowest sequence leads.
///
/// Each contender watches only its predecessor (the next lower sequence), so a departure wakes one
/// contender rather than all of them. When the predecessor goes, the contender lists the children
/// again: it leads if nothing lower is left, or watches the new predecessor.
///
/// Leadership ends the moment the session is lost: when the client's session expires or closes,
/// the watch the contender waits on fails and `.lost` is reported at once. The client counts a
/// session as expired no later than the server can (see `ZooKeeperClient`), so a contender never
/// believes it leads after another one was elected.
///
/// Create no other children under the election path: Mesos clients such as pymesos take the
/// smallest of all names there as the leader.
public actor LeaderContender {
    /// The client the contender's session belongs to.
    public nonisolated let client: ZooKeeperClient
    /// The election directory (relative to the client's chroot).
    public nonisolated let path: String
    /// The node label (`json.info_`).
    public nonisolated let label: String
    private let data: [UInt8]
    private let acl: [ZooKeeperACL]
    private var node: String?
    private var continuation: AsyncStream<LeadershipChange>.Continuation?
    private var task: Task<Void, Never>?
    private var leading = false

    /// Creates a contender; nothing happens in ZooKeeper until `contend()`.
    /// - Parameters:
    ///   - client: the session to contend with.
    ///   - path: the election directory; created (with its ancestors) if missing.
    ///   - data: the contender's data, e.g. MasterInfo JSON.
    ///   - label: the node name prefix.
    ///   - acl: the ACL of the contender's node.
    public init(
        client: ZooKeeperClient,
        path: String,
        data: [UInt8],
        label: String = ElectionNode.mesosLabel,
        acl: [ZooKeeperACL] = ZooKeeperACL.openUnsafe
    ) {
        self.client = client
        self.path = path
        self.data = data
        self.label = label
        self.acl = acl
    }

    /// The contender's node path (relative to the chroot), once `contend()` created it.
    public var nodePath: String? { node }

    /// True while the contender leads.
    public var isLeading: Bool { leading }

    /// Creates the contender's node and starts following the election.
    /// - Returns: The leadership changes: `.elected` when the contender becomes leader, then
    ///   `.lost` when it stops leading (or `.lost` without `.elected`); the stream finishes after `.lost`.
    /// - Throws: `ZooKeeperError` when the node cannot be created; `.apiError` when already contending.
    public func contend() async throws -> AsyncStream<LeadershipChange> {
        guard node == nil, continuation == nil else {
            throw ZooKeeperError(.apiError, "the contender under \(path) already contends as \(node ?? "?")")
        }
        try await client.ensurePath(path)
        let created = try await client.create(ZooKeeperPath.join(path, label), data: data, acl: acl, mode: .ephemeralSequential)
        node = created
        let (stream, continuation) = AsyncStream.makeStream(of: LeadershipChange.self)
        self.continuation = continuation
        task = Task { await self.follow(ZooKeeperPath.name(of: created)) }
        return stream
    }

    /// Stops contending: deletes the node (handing leadership to the next contender) and reports
    /// `.lost(reason: "withdrew")`.
    public func withdraw() async {
        task?.cancel()
        task = nil
        if let node {
            do {
                try await client.delete(node)
            } catch let error as ZooKeeperError where error.code == .noNode {
                // Gone already (session ended): nothing to hand over.
            } catch {
                // The session is ending: the server removes the ephemeral node itself.
            }
        }
        finish("withdrew")
    }

    private func finish(_ reason: String) {
        leading = false
        continuation?.yield(.lost(reason: reason))
        continuation?.finish()
        continuation = nil
    }

    private func follow(_ name: String) async {
        while !Task.isCancelled, continuation != nil {
            do {
                let contenders = ElectionNode.contenders(in: try await client.getChildren(path), label: label)
                guard let index = contenders.firstIndex(where: { $0.name == name }) else {
                    finish("node \(ZooKeeperPath.join(path, name)) disappeared")
                    return
                }
                // Leaders watch their own node, the others their predecessor.
                let watched = index == 0 ? name : contenders[index - 1].name
                let (stat, watch) = try await client.watchExists(ZooKeeperPath.join(path, watched))
                if stat == nil { continue }
                if index == 0, !leading {
                    leading = true
                    continuation?.yield(.elected)
                }
                _ = try await watch.event()
            } catch is CancellationError {
                return
            } catch let error as ZooKeeperError where error.code == .sessionExpired || error.code == .closed {
                finish(error.code == .closed ? "session closed" : "session expired")
                return
            } catch {
                // Connection loss and the like: the client moves to another server; list again.
                continue
            }
        }
    }
}
