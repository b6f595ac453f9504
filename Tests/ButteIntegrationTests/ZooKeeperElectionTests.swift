// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import ButteZooKeeper
import Foundation
import Testing

/// Takes the next leadership change, failing after `timeout`.
private func next(
    _ iterator: AsyncStream<LeadershipChange>,
    within timeout: Duration,
    _ what: String
) async throws -> LeadershipChange {
    try await within(timeout, what) {
        for await change in iterator { return change }
        throw FixtureError(.io, "the leadership stream ended before \(what)")
    }
}

/// Waits until the detector reports a leader whose data is `data` (or no leader for `nil`).
private func awaitLeader(
    _ leaders: AsyncThrowingStream<ElectedLeader?, any Error>,
    _ data: [UInt8]?,
    within timeout: Duration
) async throws -> ElectedLeader? {
    try await within(timeout, "the detector reports \(data.map { String(decoding: $0, as: UTF8.self) } ?? "no leader")") {
        for try await leader in leaders where leader?.data == data { return leader }
        throw FixtureError(.io, "the detector stream ended")
    }
}

@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ZooKeeperElectionTests {
    @Test("three contenders: the first leads, leaving hands over to the next, the detector follows")
    func handOver() async throws {
        try await withZooKeeper { zk in
            let clients = [
                try await connectClient(zk, chroot: "/mesos"), try await connectClient(zk, chroot: "/mesos"),
                try await connectClient(zk, chroot: "/mesos"),
            ]
            let payloads = ["m1", "m2", "m3"].map { Array("{\"hostname\":\"\($0)\"}".utf8) }
            let watcherClient = try await connectClient(zk, chroot: "/mesos")
            let detector = LeaderDetector(client: watcherClient, path: "/")
            #expect(try await detector.currentLeader() == nil)
            let leaders = detector.leaders()

            var contenders: [LeaderContender] = []
            var streams: [AsyncStream<LeadershipChange>] = []
            for (client, data) in zip(clients, payloads) {
                let contender = LeaderContender(client: client, path: "/", data: data)
                streams.append(try await contender.contend())
                contenders.append(contender)
            }
            #expect(try await next(streams[0], within: .seconds(10), "the first contender is elected") == .elected)
            #expect(await contenders[0].isLeading)
            #expect(!(await contenders[1].isLeading))
            #expect(!(await contenders[2].isLeading))

            // Mesos layout: ephemeral json.info_<10 digits> under the chroot, nothing else.
            let root = try await connectClient(zk)
            let children = try await root.getChildren("/mesos").sorted()
            #expect(children == ["json.info_0000000000", "json.info_0000000001", "json.info_0000000002"])
            #expect(try await root.exists("/mesos/json.info_0000000000")?.isEphemeral == true)
            #expect(await contenders[0].nodePath == "/json.info_0000000000")

            let first = try await awaitLeader(leaders, payloads[0], within: .seconds(10))
            #expect(first?.node.name == "json.info_0000000000")

            // The leader's session closes: it loses at once, the second leads, the detector follows.
            await clients[0].close()
            #expect(try await next(streams[0], within: .seconds(10), "the closed leader loses") == .lost(reason: "session closed"))
            #expect(try await next(streams[1], within: .seconds(10), "the second contender is elected") == .elected)
            _ = try await awaitLeader(leaders, payloads[1], within: .seconds(10))
            #expect(!(await contenders[2].isLeading))

            // The second withdraws: the third leads.
            await contenders[1].withdraw()
            #expect(try await next(streams[1], within: .seconds(10), "the withdrawn leader loses") == .lost(reason: "withdrew"))
            #expect(try await next(streams[2], within: .seconds(10), "the third contender is elected") == .elected)
            _ = try await awaitLeader(leaders, payloads[2], within: .seconds(10))
            #expect(try await detector.currentLeader()?.data == payloads[2])

            await contenders[2].withdraw()
            _ = try await awaitLeader(leaders, nil, within: .seconds(10))
            for client in clients + [watcherClient, root] { await client.close() }
        }
    }

    @Test("a middle contender leaving does not change the leader; the last one then follows the first")
    func middleLeaves() async throws {
        try await withZooKeeper { zk in
            let clients = [try await connectClient(zk), try await connectClient(zk), try await connectClient(zk)]
            var contenders: [LeaderContender] = []
            var streams: [AsyncStream<LeadershipChange>] = []
            for (index, client) in clients.enumerated() {
                let contender = LeaderContender(client: client, path: "/election", data: [UInt8(index)])
                streams.append(try await contender.contend())
                contenders.append(contender)
            }
            #expect(try await next(streams[0], within: .seconds(10), "the first is elected") == .elected)
            await contenders[1].withdraw()
            #expect(try await next(streams[1], within: .seconds(10), "the middle one withdraws") == .lost(reason: "withdrew"))
            #expect(!(await contenders[2].isLeading))
            await contenders[0].withdraw()
            #expect(try await next(streams[2], within: .seconds(10), "the last is elected") == .elected)
            for client in clients { await client.close() }
        }
    }

    @Test("a leader whose session expires loses leadership at once")
    func expiryEndsLeadership() async throws {
        try await withZooKeeper { zk in
            let leaderClient = try await connectClient(zk, sessionTimeout: .seconds(2))
            let followerClient = try await connectClient(zk, sessionTimeout: .seconds(2))
            let leader = LeaderContender(client: leaderClient, path: "/election", data: Array("a".utf8))
            let leaderChanges = try await leader.contend()
            #expect(try await next(leaderChanges, within: .seconds(10), "the leader is elected") == .elected)
            let follower = LeaderContender(client: followerClient, path: "/election", data: Array("b".utf8))
            let followerChanges = try await follower.contend()

            // End the leader's session from another connection.
            try await killSession(of: leaderClient, in: zk)

            #expect(try await next(leaderChanges, within: .seconds(15), "the leader loses") == .lost(reason: "session expired"))
            #expect(!(await leader.isLeading))
            #expect(try await next(followerChanges, within: .seconds(15), "the follower is elected") == .elected)
            await followerClient.close()
        }
    }
}
