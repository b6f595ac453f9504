// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

@testable import ButteScheduler

/// The REST API without a master: definitions, deployments (which stay pending), queue, groups and errors.
@Suite struct SchedulerAPITests {
    @Test("ping, info, leader, metrics")
    func basics() async throws {
        let server = try await SchedulerHarness.start()
        let ping = try await server.request("GET", "/ping", headers: ["Accept": "text/plain"])
        #expect(ping.status == 200 && ping.text == "pong\n")
        #expect(try await server.json("GET", "/ping").1 == "pong")
        let (status, info) = try await server.json("GET", "/v2/info")
        #expect(status == 200)
        #expect(info["version"]?.stringValue == "1.10.0")
        #expect(
            info["marathon_config"]?.objectValue != nil && info["zookeeper_config"]?.objectValue != nil && info["http_config"]?.objectValue != nil)
        #expect(try await server.json("GET", "/v2/leader").1["leader"]?.stringValue == "127.0.0.1:\(server.port)")
        let metrics = try await server.json("GET", "/metrics").1
        #expect(Set(metrics.objectValue?.keys.map { $0 } ?? []) == ["version", "counters", "gauges", "histograms", "meters", "timers"])
        #expect(try await server.request("GET", "/v2/nothing").status == 404)
        await server.stop()
    }

    @Test("create answers 201 with Location and a deployment; duplicates 409; bad input 422 and 400")
    func create() async throws {
        let server = try await SchedulerHarness.start()
        let created = try await server.request("POST", "/v2/apps", #"{"id": "test-app", "cmd": "sleep 100", "instances": 2}"#)
        #expect(created.status == 201)
        #expect(created.header("Location") == "http://127.0.0.1:\(server.port)/v2/apps/test-app")
        let deploymentID = try #require(created.header("Marathon-Deployment-Id"))
        let body = try JSON.parse(created.body)
        #expect(body["id"]?.stringValue == "/test-app")
        #expect(body["tasksRunning"] == 0 && body["tasksStaged"] == 0)
        #expect(body["deployments"] == .array([.object(["id": .string(deploymentID)])]))
        #expect(body["portDefinitions"]?.arrayValue?.first?["port"]?.numberValue == 10000)

        let deployments = try await server.json("GET", "/v2/deployments").1
        #expect(deployments.arrayValue?.count == 1)
        #expect(deployments.arrayValue?.first?["affectedApps"] == ["/test-app"])
        #expect(deployments.arrayValue?.first?["totalSteps"] == 2)

        let duplicate = try await server.json("POST", "/v2/apps", #"{"id": "/test-app", "cmd": "x"}"#)
        #expect(duplicate.0 == 409)
        #expect(duplicate.1["message"]?.stringValue == "An app with id [/test-app] already exists.")

        let invalid = try await server.json("POST", "/v2/apps", #"{"id": "bad", "cmd": "x", "mem": -5}"#)
        #expect(invalid.0 == 422)
        #expect(invalid.1["details"]?.arrayValue?.first?["path"]?.stringValue == "/mem")

        let broken = try await server.request("POST", "/v2/apps", #"{"id": "#)
        #expect(broken.status == 400)
        let brokenBody = try JSON.parse(broken.body)
        #expect(brokenBody["message"]?.stringValue == "Invalid JSON")
        #expect(brokenBody["details"]?.stringValue != nil)
        await server.stop()
    }

    @Test("get, list with filters and embeds, double slashes, 404s")
    func read() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "/prod/web", "cmd": "python3 -m http.server", "labels": {"tier": "web"}}"#)
        try await server.request("POST", "/v2/apps", #"{"id": "/prod/db", "cmd": "postgres", "labels": {"tier": "db"}}"#)
        let (status, app) = try await server.json("GET", "/v2/apps//prod/web")
        #expect(status == 200)
        #expect(app["app"]?["tasks"] == .array([]))
        #expect(app["app"]?["deployments"]?.arrayValue?.count == 1)
        #expect(try await server.json("GET", "/v2/apps?cmd=HTTP").1["apps"]?.arrayValue?.count == 1)
        #expect(try await server.json("GET", "/v2/apps?id=prod").1["apps"]?.arrayValue?.count == 2)
        #expect(try await server.json("GET", "/v2/apps?label=tier==db").1["apps"]?.arrayValue?.first?["id"] == "/prod/db")
        #expect(try await server.json("GET", "/v2/apps?label=tier%20in%20(web,db)").1["apps"]?.arrayValue?.count == 2)
        let embedded = try await server.json("GET", "/v2/apps?embed=app.tasks&embed=app.counts").1
        #expect(embedded["apps"]?.arrayValue?.allSatisfy { $0["tasks"] != nil } == true)
        #expect(try await server.json("GET", "/v2/apps").1["apps"]?.arrayValue?.first?["tasks"] == nil)
        #expect(try await server.json("GET", "/v2/apps/prod/*").1["*"]?.arrayValue?.count == 2)
        let missing = try await server.json("GET", "/v2/apps/nope")
        #expect(missing.0 == 404 && missing.1["message"]?.stringValue == "App '/nope' does not exist")
        #expect(try await server.request("DELETE", "/v2/apps/nope").status == 404)
        #expect(try await server.request("PATCH", "/v2/apps/nope", #"{"instances": 1}"#).status == 404)
        #expect(try await server.request("GET", "/v2/apps/prod/web/tasks").status == 200)
        #expect(try await server.request("GET", "/v2/apps/nope/tasks").status == 404)
        await server.stop()
    }

    @Test("changes to an app with an unfinished deployment are locked unless forced; PUT upserts")
    func locking() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "a", "cmd": "sleep 1"}"#)
        let locked = try await server.json("PUT", "/v2/apps/a", #"{"instances": 3}"#)
        #expect(locked.0 == 409)
        #expect(locked.1["deployments"]?.arrayValue?.count == 1)
        let forced = try await server.request("PUT", "/v2/apps/a?force=True", #"{"instances": 3}"#)
        #expect(forced.status == 200)
        let result = try JSON.parse(forced.body)
        #expect(result["deploymentId"]?.stringValue == forced.header("Marathon-Deployment-Id"))
        #expect(result["version"]?.stringValue != nil)
        let app = try await server.json("GET", "/v2/apps/a").1["app"]
        #expect(app?["instances"] == 3)
        #expect(app?["cmd"] == "sleep 1")
        #expect(try await server.json("GET", "/v2/deployments").1.arrayValue?.count == 1)

        let upsert = try await server.request("PUT", "/v2/apps/new-one", #"{"cmd": "sleep 2"}"#)
        #expect(upsert.status == 201)
        #expect(upsert.header("Location")?.hasSuffix("/v2/apps/new-one") == true)
        await server.stop()
    }

    @Test("versions are listed, read bare, and rolled back to")
    func versions() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "v", "cmd": "echo one"}"#)
        try await server.request("PUT", "/v2/apps/v?force=true", #"{"cmd": "echo two"}"#)
        let versions = try await server.json("GET", "/v2/apps/v/versions").1["versions"]?.arrayValue ?? []
        #expect(versions.count == 2)
        let oldest = try #require(versions.last?.stringValue)
        let old = try await server.json("GET", "/v2/apps/v/versions/\(oldest)")
        #expect(old.0 == 200 && old.1["cmd"] == "echo one" && old.1["app"] == nil)
        #expect(try await server.request("GET", "/v2/apps/v/versions/2001-01-01T00:00:00.000Z").status == 404)
        let mixed = try await server.request("PUT", "/v2/apps/v?force=true", #"{"version": "\#(oldest)", "cmd": "x"}"#)
        #expect(mixed.status == 422)
        #expect(try await server.request("PUT", "/v2/apps/v?force=true", #"{"version": "\#(oldest)"}"#).status == 200)
        #expect(try await server.json("GET", "/v2/apps/v").1["app"]?["cmd"] == "echo one")
        await server.stop()
    }

    @Test("queue lists waiting instances; delay reset; deployments cancel with force or rollback")
    func queueAndDeployments() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "q", "cmd": "sleep 1", "instances": 2}"#)
        let queue = try await server.json("GET", "/v2/queue").1["queue"]?.arrayValue ?? []
        #expect(queue.count == 1)
        #expect(queue.first?["count"] == 2)
        #expect(queue.first?["delay"]?["overdue"] == true)
        #expect(try await server.request("DELETE", "/v2/queue/q/delay").status == 204)
        #expect(try await server.request("DELETE", "/v2/queue/other/delay").status == 404)

        let deploymentID = try #require(try await server.json("GET", "/v2/deployments").1.arrayValue?.first?["id"]?.stringValue)
        #expect(try await server.request("DELETE", "/v2/deployments/unknown").status == 404)
        let rollback = try await server.request("DELETE", "/v2/deployments/\(deploymentID)")
        #expect(rollback.status == 200)
        #expect(rollback.header("Marathon-Deployment-Id") != nil)
        // Rolling back a creation removes the app.
        try await Poll.until("the app is gone", timeout: .seconds(30)) {
            try await server.request("GET", "/v2/apps/q").status == 404 ? true : nil
        }

        try await server.request("POST", "/v2/apps", #"{"id": "f", "cmd": "sleep 1"}"#)
        let second = try #require(try await server.json("GET", "/v2/deployments").1.arrayValue?.first?["id"]?.stringValue)
        let stopped = try await server.request("DELETE", "/v2/deployments/\(second)?force=true")
        #expect(stopped.status == 202 && stopped.body.isEmpty)
        #expect(try await server.json("GET", "/v2/apps/f").0 == 200)
        await server.stop()
    }

    @Test("groups: create with nested apps, read, duplicate, scale, delete")
    func groups() async throws {
        let server = try await SchedulerHarness.start()
        let created = try await server.request(
            "POST", "/v2/groups",
            #"{"id": "/prod", "apps": [{"id": "web", "cmd": "sleep 1"}], "groups": [{"id": "back", "apps": [{"id": "db", "cmd": "sleep 2"}]}]}"#
        )
        #expect(created.status == 201)
        #expect(try await server.json("GET", "/v2/apps/prod/back/db").0 == 200)
        let root = try await server.json("GET", "/v2/groups").1
        #expect(root["id"] == "/")
        #expect(root["groups"]?.arrayValue?.first?["id"] == "/prod")
        let prod = try await server.json("GET", "/v2/groups/prod").1
        #expect(prod["apps"]?.arrayValue?.first?["id"] == "/prod/web")
        #expect(prod["groups"]?.arrayValue?.first?["apps"]?.arrayValue?.first?["id"] == "/prod/back/db")
        #expect(Set(prod.objectValue!.keys) == ["id", "apps", "groups", "pods", "dependencies", "version"])
        #expect(try await server.request("POST", "/v2/groups", #"{"id": "/prod"}"#).status == 409)
        #expect(try await server.request("GET", "/v2/groups/none").status == 404)
        #expect(try await server.request("PUT", "/v2/groups/prod?force=true", #"{"scaleBy": 2}"#).status == 200)
        #expect(try await server.json("GET", "/v2/apps/prod/web").1["app"]?["instances"] == 2)
        #expect(try await server.request("DELETE", "/v2/groups/prod?force=true").status == 200)
        try await Poll.until("the group's apps are gone", timeout: .seconds(30)) {
            try await server.json("GET", "/v2/apps").1["apps"]?.arrayValue?.isEmpty == true ? true : nil
        }
        await server.stop()
    }

    @Test("task routes refuse bad input")
    func taskErrors() async throws {
        let server = try await SchedulerHarness.start()
        try await server.request("POST", "/v2/apps", #"{"id": "t", "cmd": "sleep 1"}"#)
        #expect(try await server.request("DELETE", "/v2/apps/t/tasks?scale=true&wipe=true").status == 400)
        #expect(try await server.request("DELETE", "/v2/apps/t/tasks/t.instance-x._app.1").status == 404)
        let badID = try await server.json("POST", "/v2/tasks/delete", #"{"ids": ["garbage"]}"#)
        #expect(badID.0 == 400 && badID.1["message"]?.stringValue == "Invalid task id 'garbage'")
        #expect(try await server.json("GET", "/v2/tasks?status=running").1["tasks"] == .array([]))
        let text = try await server.request("GET", "/v2/tasks", headers: ["Accept": "text/plain"])
        #expect(text.status == 200 && text.text.hasPrefix("t\t10000\t"))
        #expect(try await server.request("GET", "/v2/events").status == 405)
        await server.stop()
    }

    @Test("--http_credentials requires Basic auth")
    func credentials() async throws {
        let server = try await SchedulerHarness.start(credentials: ("admin", "secret"))
        let denied = try await server.request("GET", "/v2/apps")
        #expect(denied.status == 401)
        #expect(denied.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
        let wrong = TestHTTPClient.basicAuthorization(user: "admin", password: "nope")
        #expect(try await server.request("GET", "/v2/apps", headers: ["Authorization": wrong]).status == 401)
        let right = TestHTTPClient.basicAuthorization(user: "admin", password: "secret")
        #expect(try await server.request("GET", "/v2/apps", headers: ["Authorization": right]).status == 200)
        await server.stop()
    }

    @Test("the web UI page has the form's sections")
    func webUI() async throws {
        let server = try await SchedulerHarness.start()
        let page = try await server.request("GET", "/", headers: ["Accept": "text/html"])
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        for id in ["section-general", "section-docker", "section-env", "section-labels", "section-health", "port-mappings", "parameters", "volumes"] {
            #expect(page.text.contains("id=\"\(id)\""), "missing \(id)")
        }
        await server.stop()
    }
}
