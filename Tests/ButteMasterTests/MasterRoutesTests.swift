// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Testing

@Suite("Master HTTP API edge cases")
struct MasterRoutesTests {
    @Test("GET /version answers a purely numeric dotted version")
    func version() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let json = try await harness.getJSON("/version")
        let version = try #require(json["version"] as? String)
        #expect(version == "1.11.0")
        #expect(version.split(separator: ".").allSatisfy { Int($0) != nil })
    }

    @Test("non-POST to the scheduler API is 405 with Allow: POST, on both paths")
    func methodNotAllowed() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        for path in ["/api/v1/scheduler", "/master/api/v1/scheduler"] {
            let response = try await harness.get(path)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "POST")
        }
    }

    @Test("Content-Type missing is 400, another type is 415, charset parameter is fine")
    func contentType() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let body = Data(#"{"type":"TEARDOWN","framework_id":{"value":"F"}}"#.utf8)
        let missing = try await TestHTTPClient.send("POST", harness.url("/api/v1/scheduler"), body: body)
        #expect(missing.status == 400)
        #expect(missing.text.contains("Content-Type"))
        let wrong = try await harness.post("/api/v1/scheduler", json: "{}", headers: ["Content-Type": "text/plain"])
        #expect(wrong.status == 415)
        let charset = try await harness.post(
            "/api/v1/scheduler", json: #"{"type":"TEARDOWN","framework_id":{"value":"F"}}"#,
            headers: ["Content-Type": "application/json; charset=utf-8", "Mesos-Stream-Id": "x"])
        #expect(charset.status == 400)
        #expect(charset.text == "Framework cannot be found")
    }

    @Test("bad JSON and missing fields are 400 naming the field; an unknown call type is 501")
    func badBodies() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let notJSON = try await harness.post("/api/v1/scheduler", json: "{not json")
        #expect(notJSON.status == 400)
        #expect(notJSON.header("Content-Type")?.hasPrefix("text/plain") == true)
        let noPayload = try await harness.post(
            "/api/v1/scheduler", json: #"{"type":"ACCEPT","framework_id":{"value":"F"}}"#, headers: ["Mesos-Stream-Id": "x"])
        #expect(noPayload.status == 400)
        #expect(noPayload.text == "Expecting 'accept' to be present")
        let unknown = try await harness.post("/api/v1/scheduler", json: #"{"type":"FROBNICATE","framework_id":{"value":"F"}}"#)
        #expect(unknown.status == 501)
        let badAck = try await harness.post(
            "/api/v1/scheduler",
            json:
                #"{"type":"ACKNOWLEDGE","framework_id":{"value":"F"},"acknowledge":{"agent_id":{"value":"A"},"task_id":{"value":"T"},"uuid":"AAAA"}}"#
        )
        #expect(badAck.status == 400)
    }

    @Test("SUBSCRIBE streams chunked RecordIO with Mesos-Stream-Id: SUBSCRIBED, then HEARTBEAT at once")
    func subscribeStream() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let stream = try await harness.subscribe(
            "/api/v1/scheduler", json: TestFramework.subscribeJSON(), headers: ["Accept": "application/json", "Connection": "close"])
        #expect(stream.status == 200)
        #expect(stream.headers["transfer-encoding"] == "chunked")
        #expect(stream.headers["content-length"] == nil)
        #expect(stream.headers["content-type"] == "application/json")
        let streamID = try #require(stream.headers["mesos-stream-id"])
        #expect(UUID(uuidString: streamID) != nil)
        let subscribed = try await stream.nextJSON()
        #expect(subscribed["type"] as? String == "SUBSCRIBED")
        let payload = try #require(subscribed["subscribed"] as? [String: Any])
        #expect(payload["heartbeat_interval_seconds"] as? Double == 15)
        #expect((payload["framework_id"] as? [String: Any])?["value"] is String)
        #expect(((payload["master_info"] as? [String: Any])?["version"] as? String) == "1.11.0")
        let heartbeat = try await stream.nextJSON()
        #expect(heartbeat["type"] as? String == "HEARTBEAT")
        stream.close()
    }

    @Test("SUBSCRIBE with a Mesos-Stream-Id is 400; with an unacceptable Accept 406")
    func subscribeHeaders() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let withID = try await harness.post("/api/v1/scheduler", json: TestFramework.subscribeJSON(), headers: ["Mesos-Stream-Id": "abc"])
        #expect(withID.status == 400)
        let html = try await harness.post("/api/v1/scheduler", json: TestFramework.subscribeJSON(), headers: ["Accept": "text/html"])
        #expect(html.status == 406)
    }

    @Test("calls need the current stream id: missing or stale is 400; async calls are 202 with Content-Length 0")
    func streamIDRules() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let revive = SchedulerCall(type: .revive, frameworkID: framework.frameworkID)
        let missing = try await harness.post("/api/v1/scheduler", call: revive, streamID: nil)
        #expect(missing.status == 400)
        let stale = try await harness.post("/api/v1/scheduler", call: revive, streamID: "not-the-stream")
        #expect(stale.status == 400)
        let ok = try await framework.post(revive)
        #expect(ok.status == 202)
        #expect(ok.header("Content-Length") == "0")
        #expect(ok.body.isEmpty)
        let suppress = try await framework.post(SchedulerCall(type: .suppress, suppress: SchedulerCall.Suppress(roles: ["*"])))
        #expect(suppress.status == 202)
        let request = try await framework.post(SchedulerCall(type: .request, request: SchedulerCall.Request()))
        #expect(request.status == 202)
    }

    @Test("a disconnected framework gets 403 until it re-subscribes; re-SUBSCRIBE keeps its id")
    func disconnected() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        framework.stream.close()
        try await Poll.until("framework is disconnected", timeout: .seconds(10)) { () -> Bool? in
            let response = try await framework.post(SchedulerCall(type: .revive))
            return response.status == 403 ? true : nil
        }
        let again = try await TestFramework.subscribe(harness, json: TestFramework.subscribeJSON(id: framework.frameworkID.value))
        #expect(again.frameworkID == framework.frameworkID)
        #expect(again.streamID != framework.streamID)
    }

    @Test("re-SUBSCRIBE with an id this master never saw is accepted with that id")
    func unknownIDAccepted() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness, json: TestFramework.subscribeJSON(id: "from-another-master-0001"))
        #expect(framework.frameworkID.value == "from-another-master-0001")
    }

    @Test("a second SUBSCRIBE fails the first stream over with ERROR 'Framework failed over'")
    func failover() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let first = try await TestFramework.subscribe(harness)
        let second = try await TestFramework.subscribe(harness, json: TestFramework.subscribeJSON(id: first.frameworkID.value))
        let error = try await first.next(skipOffers: true)
        #expect(error.type == .error)
        #expect(error.error?.message == "Framework failed over")
        #expect(try await first.stream.nextRecord() == nil)
        let stale = try await first.post(SchedulerCall(type: .revive))
        #expect(stale.status == 400)
        let current = try await second.post(SchedulerCall(type: .revive))
        #expect(current.status == 202)
    }

    @Test("TEARDOWN removes the framework; re-SUBSCRIBE gets 200 with one ERROR 'Framework has been removed'")
    func teardown() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let response = try await framework.post(SchedulerCall(type: .teardown))
        #expect(response.status == 202)
        #expect(try await framework.stream.nextRecord() == nil)
        let stream = try await harness.subscribe("/api/v1/scheduler", json: TestFramework.subscribeJSON(id: framework.frameworkID.value))
        #expect(stream.status == 200)
        let error = try await stream.next(SchedulerEvent.self)
        #expect(error.type == .error)
        #expect(error.error?.message == "Framework has been removed")
        #expect(try await stream.nextRecord() == nil)
    }

    @Test("ACCEPT with RESERVE is refused with a clear error")
    func unsupportedOperation() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let framework = try await TestFramework.subscribe(harness)
        let json = """
            {"type":"ACCEPT","framework_id":{"value":"\(framework.frameworkID.value)"},"accept":{"offer_ids":[{"value":"O1"}],\
            "operations":[{"type":"RESERVE","reserve":{"resources":[]}}]}}
            """
        let response = try await harness.post("/api/v1/scheduler", json: json, headers: ["Mesos-Stream-Id": framework.streamID])
        #expect(response.status == 400)
        #expect(response.text.contains("RESERVE is not supported"))
    }

    @Test("operator endpoints answer on /master/x and /x; health is 200 empty; redirect points at this master")
    func operatorEndpoints() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        for path in [
            "/master/state", "/state", "/master/state-summary", "/master/frameworks", "/master/slaves", "/master/tasks", "/metrics/snapshot",
        ] {
            let response = try await harness.get(path)
            #expect(response.status == 200, "\(path)")
            #expect(response.header("Content-Type") == "application/json", "\(path)")
        }
        let health = try await harness.get("/master/health")
        #expect(health.status == 200)
        #expect(health.body.isEmpty)
        let redirect = try await harness.get("/master/redirect")
        #expect(redirect.status == 307)
        #expect(redirect.header("Location") == "//127.0.0.1:\(harness.port)")
        let metrics = try await harness.getJSON("/metrics/snapshot")
        #expect(metrics["master/elected"] as? Double == 1)
        #expect(metrics["master/tasks_running"] as? Double == 0)
        #expect(metrics["master/slaves_active"] as? Double == 0)
    }

    @Test("POST /api/v1 answers GET_HEALTH, GET_FLAGS and GET_STATE; other calls are 501")
    func operatorAPI() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let health = try await harness.post("/api/v1", json: #"{"type":"GET_HEALTH"}"#)
        #expect(health.status == 200)
        let healthJSON = try JSONSerialization.jsonObject(with: health.body) as? [String: Any]
        #expect((healthJSON?["get_health"] as? [String: Any])?["healthy"] as? Bool == true)
        let state = try await harness.post("/api/v1", json: #"{"type":"GET_STATE"}"#)
        let stateJSON = try JSONSerialization.jsonObject(with: state.body) as? [String: Any]
        let getState = try #require(stateJSON?["get_state"] as? [String: Any])
        #expect(getState["get_tasks"] != nil && getState["get_frameworks"] != nil && getState["get_agents"] != nil)
        let flags = try await harness.post("/api/v1", json: #"{"type":"GET_FLAGS"}"#)
        #expect(flags.status == 200)
        let other = try await harness.post("/api/v1", json: #"{"type":"DRAIN_AGENT"}"#)
        #expect(other.status == 501)
    }

    @Test("the web UI page and its script are served")
    func webUI() async throws {
        let harness = try await MasterHarness()
        defer { _Concurrency.Task { await harness.stop() } }
        let page = try await harness.get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.text.contains("<script src=\"/webui/app.js\">"))
        let script = try await harness.get("/webui/app.js")
        #expect(script.status == 200)
        #expect(script.text.contains("/master/state"))
        #expect(script.text.contains("/files/browse?path="))
    }
}
