// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteProtocol
import ButteTesting
import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import ButteScheduler

/// The scheduler against a fake master speaking the v1 scheduler API: launches, scaling, kills, failures,
/// deployments while tasks stage, health checks, and restarts of the scheduler.
@Suite struct MesosSchedulerDriverTests {
    func app(_ server: SchedulerHarness, _ id: String) async throws -> JSON {
        try await server.json("GET", "/v2/apps/\(id)").1["app"] ?? .null
    }

    func running(_ server: SchedulerHarness, _ id: String, _ count: Int) async throws {
        try await Poll.until("\(id) has \(count) running tasks and no deployment", timeout: .seconds(15)) {
            let app = try await app(server, id)
            let tasks = app["tasks"]?.arrayValue ?? []
            let done = app["tasksRunning"] == .int(count) && tasks.count == count && app["deployments"] == .array([])
            return done ? true : nil
        }
    }

    @Test("two instances: two LAUNCHes, TASK_RUNNING, acknowledged; scale to 3; a killed task is replaced")
    func launchScaleKill() async throws {
        let master = FakeMaster()
        let (masterTask, masterPort) = try await master.start()
        let server = try await SchedulerHarness.start(masterPort: masterPort)
        try await Poll.until("subscribed", timeout: .seconds(10)) { master.subscriptions > 0 ? true : nil }

        let created = try await server.request("POST", "/v2/apps", #"{"id": "/web", "cmd": "sleep 1000", "cpus": 0.1, "mem": 32, "instances": 2}"#)
        #expect(created.status == 201)
        try await running(server, "web", 2)
        let launches = master.calls(of: .accept).flatMap { $0.accept?.operations.flatMap { $0.launch?.taskInfos ?? [] } ?? [] }
        #expect(launches.count == 2)
        let info = try #require(launches.first)
        #expect(info.taskID.value.hasPrefix("web.instance-"))
        #expect(info.command?.value == "sleep 1000" && info.command?.shell == true)
        #expect(info.resources.contains { $0.name == "cpus" && $0.scalar?.value == 0.1 })
        #expect(info.resources.contains { $0.name == "ports" })
        #expect(info.command?.environment?.variables.contains { $0.name == "MARATHON_APP_ID" && $0.value == "/web" } == true)
        // Every update with a uuid was acknowledged (2 staging + 2 running).
        try await Poll.until("acknowledged", timeout: .seconds(30)) { master.calls(of: .acknowledge).count >= 4 ? true : nil }
        #expect(master.calls(of: .reconcile).count >= 1)

        let scaled = try await server.request("PUT", "/v2/apps/web", #"{"instances": 3}"#)
        #expect(scaled.status == 200)
        try await running(server, "web", 3)

        let tasks = try await app(server, "web")["tasks"]?.arrayValue ?? []
        let victim = try #require(tasks.first?["id"]?.stringValue)
        let killed = try await server.json("DELETE", "/v2/apps/web/tasks/\(victim)")
        #expect(killed.0 == 200 && killed.1["task"]?["id"]?.stringValue == victim)
        try await Poll.until("the master got the KILL", timeout: .seconds(30)) {
            master.calls(of: .kill).contains { $0.kill?.taskID.value == victim } ? true : nil
        }
        try await Poll.until("the killed task is replaced", timeout: .seconds(15)) {
            let app = try await app(server, "web")
            let ids = (app["tasks"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            return ids.count == 3 && !ids.contains(victim) && app["tasksRunning"] == 3 ? true : nil
        }

        let plain = try await server.request("GET", "/v2/tasks", headers: ["Accept": "text/plain"])
        #expect(plain.text.split(separator: "\t").count >= 5)

        // Scale down by killing with scale=true: instances drop by one.
        let next = try #require((try await app(server, "web")["tasks"]?.arrayValue ?? []).first?["id"]?.stringValue)
        let scaleKill = try await server.request("POST", "/v2/tasks/delete?scale=true", #"{"ids": ["\#(next)"]}"#)
        #expect(scaleKill.status == 200 && scaleKill.header("Marathon-Deployment-Id") != nil)
        try await running(server, "web", 2)
        #expect(try await app(server, "web")["instances"] == 2)

        // Suspend and destroy.
        #expect(try await server.request("PUT", "/v2/apps/web", #"{"instances": 0}"#).status == 200)
        try await running(server, "web", 0)
        #expect(try await server.request("DELETE", "/v2/apps/web").status == 200)
        try await Poll.until("the app is gone", timeout: .seconds(10)) {
            try await server.request("GET", "/v2/apps/web").status == 404 ? true : nil
        }
        await server.stop()
        master.dropStream()
        masterTask.cancel()
    }

    @Test("a deployment is listed while its tasks stage and disappears when they run")
    func deploymentWhileStaging() async throws {
        let master = FakeMaster()
        master.setAutoRun(false)
        let (masterTask, masterPort) = try await master.start()
        let server = try await SchedulerHarness.start(masterPort: masterPort)
        try await server.request("POST", "/v2/apps", #"{"id": "slow", "cmd": "sleep 1000", "cpus": 0.1, "mem": 16, "instances": 2}"#)
        try await Poll.until("two tasks staging", timeout: .seconds(10)) {
            let app = try await app(server, "slow")
            return app["tasksStaged"] == 2 ? true : nil
        }
        let deployments = try await server.json("GET", "/v2/deployments").1.arrayValue ?? []
        #expect(deployments.count == 1)
        #expect(deployments.first?["currentActions"]?.arrayValue?.first?["action"] == "ScaleApplication")
        #expect((try await server.json("GET", "/v2/tasks?status=staging").1["tasks"]?.arrayValue ?? []).count == 2)
        master.runAll()
        try await running(server, "slow", 2)
        #expect(try await server.json("GET", "/v2/deployments").1 == .array([]))
        await server.stop()
        master.dropStream()
        masterTask.cancel()
    }

    @Test("a failed task is replaced after its backoff and recorded as lastTaskFailure")
    func failedTaskReplaced() async throws {
        let master = FakeMaster()
        let (masterTask, masterPort) = try await master.start()
        let server = try await SchedulerHarness.start(masterPort: masterPort)
        try await server.request("POST", "/v2/apps", #"{"id": "crashy", "cmd": "false", "cpus": 0.1, "mem": 16, "backoffSeconds": 0.2}"#)
        try await running(server, "crashy", 1)
        let first = try #require((try await app(server, "crashy")["tasks"]?.arrayValue ?? []).first?["id"]?.stringValue)
        master.fail(first)
        try await Poll.until("a replacement runs", timeout: .seconds(10)) {
            let app = try await app(server, "crashy")
            let ids = (app["tasks"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            return ids.count == 1 && ids[0] != first && app["tasksRunning"] == 1 ? app : nil
        }
        let failure = try await app(server, "crashy")["lastTaskFailure"]
        #expect(failure?["taskId"]?.stringValue == first)
        #expect(failure?["state"] == "TASK_FAILED")
        #expect(failure?["timestamp"]?.stringValue.flatMap(Timestamp.parse) != nil)
        await server.stop()
        master.dropStream()
        masterTask.cancel()
    }

    @Test("a restart of the scheduler keeps apps and tasks, reconciles, and launches nothing new")
    func restartKeepsState() async throws {
        let directory = try TemporaryDirectory(prefix: "butte-scheduler-store")
        defer { directory.remove() }
        let master = FakeMaster()
        let (masterTask, masterPort) = try await master.start()
        let first = try await SchedulerHarness.start(masterPort: masterPort, workDir: directory.url.path)
        try await first.request("POST", "/v2/apps", #"{"id": "/keep/me", "cmd": "sleep 1000", "cpus": 0.1, "mem": 16, "instances": 2}"#)
        try await running(first, "keep/me", 2)
        let before = Set((try await app(first, "keep/me")["tasks"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        await first.stop()

        let subscriptionsBefore = master.subscriptions
        let second = try await SchedulerHarness.start(masterPort: masterPort, workDir: directory.url.path)
        try await Poll.until("resubscribed", timeout: .seconds(10)) { master.subscriptions > subscriptionsBefore ? true : nil }
        let resubscribe = master.calls(of: .subscribe).last
        #expect(resubscribe?.subscribe?.frameworkInfo.id?.value == master.frameworkID)
        try await running(second, "keep/me", 2)
        let after = Set((try await app(second, "keep/me")["tasks"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        #expect(after == before)
        #expect(master.taskStates.count == 2)
        try await Poll.until("the stored tasks are reconciled", timeout: .seconds(30)) {
            let reconciled = master.calls(of: .reconcile).flatMap { $0.reconcile?.tasks.map(\.taskID.value) ?? [] }
            return before.isSubset(of: Set(reconciled)) ? true : nil
        }
        await second.stop()
        master.dropStream()
        masterTask.cancel()
    }

    @Test("HTTP checks make tasks healthy; failing TCP checks kill and replace the task")
    func healthChecks() async throws {
        let healthyPort = MutexBox(0)
        let healthApp = Application(
            responder: CallbackResponder<BasicRequestContext> { _, _ in Response(status: .ok) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { healthyPort.set($0.localAddress?.port ?? 0) }
        )
        let healthTask = _Concurrency.Task { try await healthApp.run() }
        let port = try await waitForPort(healthyPort)
        let closedPort = try FreePort.next()

        let master = FakeMaster()
        let (masterTask, masterPort) = try await master.start()
        let server = try await SchedulerHarness.start(masterPort: masterPort)
        let events = try await EventReader.open(server, types: ["health_status_changed_event", "unhealthy_instance_kill_event"])
        try await server.request(
            "POST", "/v2/apps",
            #"{"id": "good", "cmd": "x", "cpus": 0.1, "mem": 16, "healthChecks": [{"protocol": "HTTP", "port": \#(port), "path": "/health", "intervalSeconds": 1, "timeoutSeconds": 0.5, "gracePeriodSeconds": 0}]}"#
        )
        try await Poll.until("the task is healthy", timeout: .seconds(15)) {
            let app = try await app(server, "good")
            return app["tasksHealthy"] == 1 && app["deployments"] == .array([]) ? true : nil
        }
        let result = (try await app(server, "good")["tasks"]?.arrayValue?.first?["healthCheckResults"]?.arrayValue ?? []).first
        #expect(result?["alive"] == true)
        #expect(result?["firstSuccess"]?.stringValue.flatMap(Timestamp.parse) != nil)

        try await server.request(
            "POST", "/v2/apps",
            #"{"id": "bad", "cmd": "x", "cpus": 0.1, "mem": 16, "healthChecks": [{"protocol": "TCP", "port": \#(closedPort), "intervalSeconds": 1, "timeoutSeconds": 0.5, "gracePeriodSeconds": 0, "maxConsecutiveFailures": 2}]}"#
        )
        let firstBad = try await Poll.until("a bad task runs", timeout: .seconds(10)) {
            (try await app(server, "bad")["tasks"]?.arrayValue ?? []).first?["id"]?.stringValue
        }
        try await Poll.until("the unhealthy task is killed", timeout: .seconds(15)) {
            master.calls(of: .kill).contains { $0.kill?.taskID.value == firstBad } ? true : nil
        }
        try await Poll.until("a replacement is launched", timeout: .seconds(10)) {
            let ids = (try await app(server, "bad")["tasks"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            return ids.contains { $0 != firstBad } ? true : nil
        }
        #expect(try await app(server, "bad")["tasksUnhealthy"]?.numberValue ?? 0 <= 1)
        let seen = try await events.waitFor(["health_status_changed_event", "unhealthy_instance_kill_event"], timeout: .seconds(10))
        #expect(seen.contains { $0["eventType"] == "unhealthy_instance_kill_event" && $0["taskId"]?.stringValue == firstBad })
        #expect(seen.contains { $0["eventType"] == "health_status_changed_event" && $0["appId"] == "/good" && $0["alive"] == true })
        await events.close()
        await server.stop()
        master.dropStream()
        masterTask.cancel()
        healthTask.cancel()
    }

    @Test("the event stream is chunked SSE, starts with event_stream_attached and filters by type")
    func eventStream() async throws {
        let master = FakeMaster()
        let (masterTask, masterPort) = try await master.start()
        let server = try await SchedulerHarness.start(masterPort: masterPort)
        let all = try await EventReader.open(server, types: [])
        #expect(all.transferEncoding == "chunked")
        let filtered = try await EventReader.open(server, types: ["deployment_success"])
        try await server.request("POST", "/v2/apps", #"{"id": "ev", "cmd": "x", "cpus": 0.1, "mem": 16}"#)
        let seen = try await all.waitFor(
            ["event_stream_attached", "api_post_event", "status_update_event", "deployment_success"], timeout: .seconds(15))
        #expect(seen.first?["eventType"] == "event_stream_attached")
        #expect(seen.allSatisfy { $0["timestamp"]?.stringValue.flatMap(Timestamp.parse) != nil })
        let only = try await filtered.waitFor(["deployment_success"], timeout: .seconds(15))
        #expect(only.allSatisfy { $0["eventType"] == "deployment_success" })
        await all.close()
        await filtered.close()
        await server.stop()
        master.dropStream()
        masterTask.cancel()
    }
}

/// Reads `/v2/events` incrementally and collects the `data:` payloads.
final class EventReader: Sendable {
    let events = MutexBox<[JSON]>([])
    let task: MutexBox<_Concurrency.Task<Void, Never>?> = MutexBox(nil)
    let transferEncoding: String?
    let client: HTTPClient

    private init(transferEncoding: String?, client: HTTPClient) {
        self.transferEncoding = transferEncoding
        self.client = client
    }

    static func open(_ server: SchedulerHarness, types: [String]) async throws -> EventReader {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let query = types.map { "event_type=\($0)" }.joined(separator: "&")
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v2/events?\(query)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await client.execute(request, deadline: .distantFuture)
        let reader = EventReader(transferEncoding: response.headers.first(name: "Transfer-Encoding"), client: client)
        reader.task.set(
            _Concurrency.Task {
                var pending = ""
                do {
                    for try await chunk in response.body {
                        pending += String(buffer: chunk)
                        while let newline = pending.firstIndex(of: "\n") {
                            let line = String(pending[..<newline])
                            pending = String(pending[pending.index(after: newline)...])
                            if line.hasPrefix("data:"), let json = try? JSON.parse(String(line.dropFirst(5))) {
                                reader.events.update { $0.append(json) }
                            }
                        }
                    }
                } catch {}
            }
        )
        return reader
    }

    /// Waits until every type was seen; returns all events so far.
    func waitFor(_ types: Set<String>, timeout: Duration) async throws -> [JSON] {
        try await Poll.until("events \(types.sorted())", timeout: timeout) {
            let seen = events.get()
            let names = Set(seen.compactMap { $0["eventType"]?.stringValue })
            return types.isSubset(of: names) ? seen : nil
        }
    }

    func close() async {
        task.get()?.cancel()
        try? await client.shutdown()
    }
}
