// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import ButteZooKeeper
import Foundation
import Testing

/// Runs `body` and fails with a timeout naming `what` when it has not finished within `timeout`.
func within<T: Sendable>(
    _ timeout: Duration,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw FixtureError(.timeout, "gave up after \(timeout) waiting until \(what)")
        }
        return value
    }
}

/// Waits until `states` reports a state matching `predicate`.
func waitForState(
    _ states: AsyncStream<ConnectionState>,
    within timeout: Duration,
    _ what: String,
    _ predicate: @escaping @Sendable (ConnectionState) -> Bool
) async throws -> ConnectionState {
    try await within(timeout, what) {
        for await state in states where predicate(state) { return state }
        throw FixtureError(.io, "the state stream ended before \(what)")
    }
}

/// Connects a client to the fixture.
func connectClient(
    _ zk: ZooKeeperFixture,
    chroot: String = "",
    credentials: String = "",
    sessionTimeout: Duration = .seconds(6),
    session: ZooKeeperSession? = nil,
    shuffle: Bool = true
) async throws -> ZooKeeperClient {
    let url = try ZooKeeperURL(parsing: "zk://\(credentials.isEmpty ? "" : credentials + "@")\(zk.connectString)\(chroot)")
    var configuration = ZooKeeperClient.Configuration(url: url, sessionTimeout: sessionTimeout, connectTimeout: .seconds(30), session: session)
    configuration.shuffleServers = shuffle
    return try await ZooKeeperClient.connect(configuration)
}

/// Makes the server end `victim`'s session: another connection takes the session over with its id
/// and password and closes it (the server then answers the victim's reconnect with "expired").
/// Repeats until the victim reports expiry, since the victim may win the session back in between.
func killSession(of victim: ZooKeeperClient, in zk: ZooKeeperFixture) async throws {
    let session = try #require(await victim.session)
    try await Poll.until("the server ends session \(session.hexID)", timeout: .seconds(30), interval: .milliseconds(100)) {
        () async throws -> Bool? in
        if await victim.connectionState == .expired { return true }
        let thief = try await connectClient(zk, sessionTimeout: session.timeout, session: session)
        #expect(await thief.session?.id == session.id)
        await thief.close()
        return await victim.connectionState == .expired ? true : nil
    }
}

func expectCode(_ code: ZooKeeperError.Code, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
    do {
        try await body()
        Issue.record("expected ZooKeeper error \(code), got success", sourceLocation: sourceLocation)
    } catch let error as ZooKeeperError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected ZooKeeper error \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct ZooKeeperClientTests {
    @Test("create, read, update and delete with versions, and the errors ZooKeeper names")
    func crud() async throws {
        try await withZooKeeper { zk in
            let client = try await connectClient(zk)
            #expect(try await client.create("/a", data: Array("one".utf8)) == "/a")
            await expectCode(.nodeExists) { try await client.create("/a") }
            await expectCode(.noNode) { try await client.create("/missing/child") }

            let node = try await client.getData("/a")
            #expect(node.data == Array("one".utf8))
            #expect(node.stat.version == 0)
            #expect(node.stat.dataLength == 3)

            let stat = try await client.setData("/a", data: Array("two".utf8), version: 0)
            #expect(stat.version == 1)
            await expectCode(.badVersion) { try await client.setData("/a", data: [], version: 0) }
            #expect(try await client.getData("/a").data == Array("two".utf8))

            try await client.create("/a/b")
            try await client.create("/a/c", data: [])
            #expect(try await client.getChildren("/a").sorted() == ["b", "c"])
            #expect(try await client.exists("/a")?.numChildren == 2)
            await expectCode(.notEmpty) { try await client.delete("/a") }
            await expectCode(.badVersion) { try await client.delete("/a/b", version: 5) }
            try await client.delete("/a/b", version: 0)
            try await client.delete("/a/c")
            try await client.delete("/a")
            #expect(try await client.exists("/a") == nil)
            await expectCode(.noNode) { _ = try await client.getData("/a") }
            await expectCode(.invalidPath) { _ = try await client.getData("relative") }

            try await client.ensurePath("/deep/er/path")
            #expect(try await client.exists("/deep/er/path") != nil)
            try await client.ensurePath("/deep/er/path")
            await client.close()
            await expectCode(.closed) { _ = try await client.exists("/") }
        }
    }

    @Test("sequential nodes get 10-digit, increasing suffixes")
    func sequential() async throws {
        try await withZooKeeper { zk in
            let client = try await connectClient(zk)
            try await client.create("/seq")
            var names: [String] = []
            for _ in 0..<3 { names.append(try await client.create("/seq/n-", mode: .persistentSequential)) }
            #expect(names == ["/seq/n-0000000000", "/seq/n-0000000001", "/seq/n-0000000002"])
            let ephemeral = try await client.create("/seq/e-", mode: .ephemeralSequential)
            #expect(ephemeral == "/seq/e-0000000003")
            await client.close()
        }
    }

    @Test("an ephemeral node belongs to its session and goes when the session closes")
    func ephemeral() async throws {
        try await withZooKeeper { zk in
            let owner = try await connectClient(zk)
            let observer = try await connectClient(zk)
            try await owner.create("/e", data: [1], mode: .ephemeral)
            let stat = try #require(try await observer.exists("/e"))
            #expect(stat.ephemeralOwner == (await owner.session)?.id)
            await expectCode(.noChildrenForEphemerals) { try await owner.create("/e/child") }

            let (_, watch) = try await observer.watchExists("/e")
            await owner.close()
            let event = try await within(.seconds(10), "the ephemeral node's deletion is notified") { try await watch.event() }
            #expect(event == WatchEvent(.nodeDeleted, path: "/e"))
            #expect(try await observer.exists("/e") == nil)
            await observer.close()
        }
    }

    @Test("watches fire once, for data, children and existence")
    func watches() async throws {
        try await withZooKeeper { zk in
            let writer = try await connectClient(zk)
            let reader = try await connectClient(zk)
            try await writer.create("/w", data: [0])

            let (node, dataWatch) = try await reader.watchData("/w")
            #expect(node.data == [0])
            let (children, _, childWatch) = try await reader.watchChildren("/w")
            #expect(children.isEmpty)
            let (missing, existsWatch) = try await reader.watchExists("/w/new")
            #expect(missing == nil)
            #expect(dataWatch.firedEvent == nil)

            try await writer.setData("/w", data: [1])
            try await writer.setData("/w", data: [2])
            #expect(try await within(.seconds(10), "data watch fires") { try await dataWatch.event() } == WatchEvent(.nodeDataChanged, path: "/w"))

            try await writer.create("/w/new")
            #expect(
                try await within(.seconds(10), "exists watch fires") { try await existsWatch.event() } == WatchEvent(.nodeCreated, path: "/w/new"))
            #expect(
                try await within(.seconds(10), "child watch fires") { try await childWatch.event() } == WatchEvent(.nodeChildrenChanged, path: "/w"))

            // A fresh watch sees the next change; the fired ones keep their first event.
            let (_, second) = try await reader.watchData("/w")
            try await writer.delete("/w/new")
            try await writer.delete("/w")
            #expect(try await within(.seconds(10), "second data watch fires") { try await second.event() } == WatchEvent(.nodeDeleted, path: "/w"))
            #expect(dataWatch.firedEvent == WatchEvent(.nodeDataChanged, path: "/w"))
            #expect(existsWatch.firedEvent == WatchEvent(.nodeCreated, path: "/w/new"))

            // Closing the client ends outstanding watches with an error instead of leaving them hanging.
            let (_, orphan) = try await reader.watchExists("/never")
            await reader.close()
            await expectCode(.closed) { _ = try await orphan.event() }
            await writer.close()
        }
    }

    @Test("multi applies all operations or none")
    func multi() async throws {
        try await withZooKeeper { zk in
            let client = try await connectClient(zk)
            try await client.create("/m", data: [0])
            let results = try await client.multi([
                .create(path: "/m/a", data: [1]),
                .create(path: "/m/s-", data: [], mode: .persistentSequential),
                .setData(path: "/m", data: [9], version: 0),
                .check(path: "/m/a", version: 0),
            ])
            #expect(results.count == 4)
            #expect(results[0] == .created(path: "/m/a"))
            #expect(results[1] == .created(path: "/m/s-0000000001"))
            guard case .dataSet(let stat) = results[2] else {
                Issue.record("expected dataSet, got \(results[2])")
                return
            }
            #expect(stat.version == 1)
            #expect(results[3] == .checked)

            do {
                _ = try await client.multi([.create(path: "/m/b", data: []), .delete(path: "/m/missing"), .setData(path: "/m", data: [7])])
                Issue.record("the multi with a missing node succeeded")
            } catch let error as ZooKeeperError {
                #expect(error.code == .noNode)
                #expect(error.message.contains("multi operation 1 (delete /m/missing)"))
            }
            #expect(try await client.exists("/m/b") == nil)
            #expect(try await client.getData("/m").data == [9])
            await expectCode(.badVersion) { _ = try await client.multi([.check(path: "/m", version: 0), .delete(path: "/m/a")]) }
            #expect(try await client.exists("/m/a") != nil)
            await client.close()
        }
    }

    @Test("a chroot from the URL scopes every path, including watch events")
    func chroot() async throws {
        try await withZooKeeper { zk in
            let scoped = try await connectClient(zk, chroot: "/app/one")
            #expect(scoped.chroot == "/app/one")
            try await scoped.ensurePath("/")
            let root = try await connectClient(zk)
            #expect(try await root.exists("/app/one") != nil)

            #expect(try await scoped.create("/x", data: [5]) == "/x")
            #expect(try await root.getData("/app/one/x").data == [5])
            #expect(try await scoped.getChildren("/") == ["x"])
            #expect(try await scoped.create("/q-", mode: .ephemeralSequential) == "/q-0000000001")

            let (_, watch) = try await scoped.watchData("/x")
            try await root.setData("/app/one/x", data: [6])
            #expect(try await within(.seconds(10), "chrooted watch fires") { try await watch.event() } == WatchEvent(.nodeDataChanged, path: "/x"))
            await scoped.close()
            await root.close()
        }
    }

    @Test("digest auth: an ACL for one user denies other sessions")
    func digestAuth() async throws {
        try await withZooKeeper { zk in
            let alice = try await connectClient(zk)
            try await alice.addAuth("digest", "alice:wonder")
            try await alice.create("/secret", data: Array("s".utf8), acl: [ZooKeeperACL(.all, .digest(user: "alice", password: "wonder"))])
            try await alice.create("/mine", data: [1], acl: ZooKeeperACL.creatorAll)
            #expect(try await alice.getData("/secret").data == Array("s".utf8))

            let anonymous = try await connectClient(zk)
            await expectCode(.noAuth) { _ = try await anonymous.getData("/secret") }
            await expectCode(.noAuth) { _ = try await anonymous.setData("/mine", data: [2]) }
            await expectCode(.invalidACL) { try await anonymous.create("/x", acl: ZooKeeperACL.creatorAll) }

            let mallory = try await connectClient(zk)
            try await mallory.addAuth("digest", "alice:guess")
            await expectCode(.noAuth) { _ = try await mallory.getData("/secret") }

            // The credentials of the URL are added on connect.
            let fromURL = try await connectClient(zk, credentials: "alice:wonder")
            #expect(try await fromURL.getData("/secret").data == Array("s".utf8))
            try await fromURL.setData("/mine", data: [3])

            for client in [alice, anonymous, mallory, fromURL] { await client.close() }
        }
    }

    @Test("pings keep an idle session alive well past its timeout")
    func pings() async throws {
        try await withZooKeeper { zk in
            let client = try await connectClient(zk, sessionTimeout: .seconds(2))
            let session = try #require(await client.session)
            try await client.create("/alive", mode: .ephemeral)
            let sid = "sid=\(session.hexID)"
            // The client sends nothing but pings from here on; the server counts what it receives.
            // Four more packets at one per ~0.67 s span more than the 2 s session timeout.
            let received = try await Poll.until("the server received pings of \(session.hexID)", timeout: .seconds(20), interval: .milliseconds(200))
            {
                () async throws -> Int? in
                let cons = try await zk.fourLetterWord("cons", member: 1)
                guard let line = cons.split(whereSeparator: \.isNewline).first(where: { $0.contains(sid) }),
                    let field = line.split(separator: ",").first(where: { $0.hasPrefix("recved=") }),
                    let count = Int(field.dropFirst("recved=".count))
                else { return nil }
                return count >= 6 && line.contains("lop=PING") ? count : nil
            }
            #expect(received >= 6)
            #expect(await client.connectionState == .connected(server: zk.members[0].address))
            let observer = try await connectClient(zk)
            #expect(try await observer.exists("/alive")?.ephemeralOwner == session.id)
            await observer.close()
            await client.close()
        }
    }

    @Test("the server ending the session is reported as expired; watches and requests fail")
    func serverExpiresSession() async throws {
        try await withZooKeeper { zk in
            let victim = try await connectClient(zk, sessionTimeout: .seconds(2))
            let states = await victim.states()
            try await victim.create("/mine", mode: .ephemeral)
            let (_, watch) = try await victim.watchExists("/other")
            try await killSession(of: victim, in: zk)
            _ = try await waitForState(states, within: .seconds(20), "the session is reported expired") { $0 == .expired }
            #expect(await victim.connectionState == .expired)
            await expectCode(.sessionExpired) { _ = try await watch.event() }
            await expectCode(.sessionExpired) { _ = try await victim.exists("/") }

            let observer = try await connectClient(zk)
            #expect(try await observer.exists("/mine") == nil)
            await observer.close()
        }
    }

    @Test("a server down longer than the session timeout: suspended, then expired")
    func serverGoneLongerThanTimeout() async throws {
        try await withZooKeeper { zk in
            let client = try await connectClient(zk, sessionTimeout: .seconds(2))
            let timeout = try #require(await client.session?.timeout)
            let states = await client.states()
            try await zk.stop(member: 1)
            _ = try await waitForState(states, within: .seconds(10), "the client is suspended") { $0 == .suspended }
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await waitForState(states, within: timeout + .seconds(10), "the client reports expiry") { $0 == .expired }
            #expect(clock.now - start <= timeout + .seconds(1))
            await expectCode(.sessionExpired) { try await client.create("/x") }
        }
    }

    @Test("the session survives a restart of its server in an ensemble and keeps its watches")
    func ensembleFailover() async throws {
        try await withZooKeeper(ZooKeeperFixture.Options(servers: 3)) { zk in
            let client = try await connectClient(zk, sessionTimeout: .seconds(10))
            let other = try await connectClient(zk)
            let states = await client.states()
            let session = try #require(await client.session)
            try await client.create("/eph", mode: .ephemeral)
            try await other.create("/w", data: [0])
            let (_, watch) = try await client.watchData("/w")

            guard case .connected(let server) = await client.connectionState else {
                Issue.record("client is not connected")
                return
            }
            let member = try #require(zk.members.first { $0.address == server })
            try await zk.stop(member: member.id)
            _ = try await waitForState(states, within: .seconds(10), "the client notices its server is gone") { $0 == .suspended }
            let moved = try await waitForState(states, within: .seconds(30), "the client moves to another member") {
                if case .connected = $0 { return true } else { return false }
            }
            #expect(moved != .connected(server: server))
            #expect(await client.session?.id == session.id)
            #expect(try await other.exists("/eph")?.ephemeralOwner == session.id)

            // The watch set through the stopped server was restored on the new one.
            try await other.setData("/w", data: [1])
            #expect(
                try await within(.seconds(10), "the restored watch fires") { try await watch.event() } == WatchEvent(.nodeDataChanged, path: "/w"))

            try await zk.start(member: member.id)
            #expect(try await client.getData("/w").data == [1])
            await client.close()
            await other.close()
        }
    }
}
