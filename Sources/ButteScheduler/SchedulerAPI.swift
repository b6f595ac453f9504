// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Marathon REST API (`/v2/...`, `/ping`, `/metrics`), the event stream and the web UI.
public struct SchedulerAPI: HTTPResponder {
    /// The request context.
    public typealias Context = SchedulerRequestContext

    let core: SchedulerCore
    let events: EventBus
    let credentials: (user: String, password: String)?
    let leader: @Sendable () -> String
    let abdicate: @Sendable () -> Void

    /// The API over a core.
    /// - Parameters:
    ///   - leader: `host:port` of the leading scheduler (this one).
    ///   - abdicate: Called on `DELETE /v2/leader`: drop the master connection and subscribe again.
    public init(
        core: SchedulerCore,
        events: EventBus,
        credentials: (user: String, password: String)?,
        leader: @escaping @Sendable () -> String,
        abdicate: @escaping @Sendable () -> Void
    ) {
        self.core = core
        self.events = events
        self.credentials = credentials
        self.leader = leader
        self.abdicate = abdicate
    }

    /// Answers one request; API errors become Marathon's error bodies.
    public func respond(to request: Request, context: SchedulerRequestContext) async throws -> Response {
        if let credentials, !authorized(request, credentials) {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Basic realm=\"Butte scheduler\""
            headers[.contentType] = "application/json"
            return Response(
                status: .unauthorized,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: JSON.object(["message": "Invalid username or password."]).serialized()))
            )
        }
        var request = request
        do {
            return try await route(&request, context: context)
        } catch let error as APIError {
            return Self.json(error.body, status: error.status)
        }
    }

    private func authorized(_ request: Request, _ credentials: (user: String, password: String)) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmed),
            let text = String(data: data, encoding: .utf8)
        else { return false }
        return text == "\(credentials.user):\(credentials.password)"
    }

    // MARK: Helpers

    static func json(_ body: JSON, status: Int = 200, headers extra: [String: String] = [:]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    static func text(_ body: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func deploymentResponse(_ deployment: Deployment, status: Int = 200, extraHeaders: [String: String] = [:]) -> Response {
        var headers = extraHeaders
        headers["Marathon-Deployment-Id"] = deployment.id
        return json(
            .object(["version": .string(deployment.version.description), "deploymentId": .string(deployment.id)]), status: status, headers: headers)
    }

    /// Query parameters, repeated ones kept in order; `+` and percent escapes decoded.
    static func query(_ request: Request) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            result[key, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return result
    }

    static func flag(_ query: [String: [String]], _ name: String, default defaultValue: Bool = false) -> Bool {
        guard let value = query[name]?.last else { return defaultValue }
        return value.lowercased() == "true" || value == "1" || value.isEmpty
    }

    func body(_ request: inout Request) async throws -> JSON {
        let buffer = try await request.collectBody(upTo: 16 << 20)
        let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        do {
            return try JSON.parse(bytes)
        } catch {
            throw APIError.invalidJSON(error.message)
        }
    }

    static func pathID(_ segments: ArraySlice<String>) throws(APIError) -> PathID {
        do {
            return try PathID("/" + segments.joined(separator: "/"))
        } catch {
            throw APIError.notFound("'\(error.id)' is not a valid id")
        }
    }

    // MARK: Routing

    private func route(_ request: inout Request, context: SchedulerRequestContext) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let segments = path.split(separator: "/").map(String.init)
        let method = request.method
        let query = Self.query(request)
        let force = Self.flag(query, "force")
        let accept = request.headers[.accept] ?? ""

        if segments.isEmpty || segments == ["ui"] || segments == ["index.html"] {
            guard method == .get || method == .head else { throw APIError(status: 405, message: "Method not allowed") }
            return Self.text(WebUI.html, contentType: "text/html; charset=utf-8")
        }
        switch segments[0] {
        case "ping":
            if accept.contains("application/json") { return Self.json("pong") }
            return Self.text("pong\n")
        case "metrics":
            return Self.json(await core.metrics())
        case "v2":
            break
        default:
            throw APIError.notFound("The requested resource could not be found.")
        }
        guard segments.count >= 2 else { throw APIError.notFound("The requested resource could not be found.") }
        let rest = segments.dropFirst(2)
        switch segments[1] {
        case "info":
            return Self.json(await core.info(leader: leader()))
        case "leader":
            if method == .delete {
                abdicate()
                return Self.json(["message": "Leadership abdicated"])
            }
            return Self.json(["leader": .string(leader())])
        case "apps":
            return try await apps(&request, rest, method: method, query: query, force: force, accept: accept, context: context)
        case "tasks":
            if rest.first == "delete", method == .post {
                let body = try await body(&request)
                guard let ids = body["ids"]?.arrayValue?.compactMap(\.stringValue) else {
                    throw ValidationDetail.error(message: "Invalid JSON", [("/ids", "error.expected.jsarray")])
                }
                let outcome = try await core.killTasks(ids: ids, scale: Self.flag(query, "scale"), wipe: Self.flag(query, "wipe"), force: force)
                return Self.killResponse(outcome, single: false)
            }
            guard rest.isEmpty, method == .get else { throw APIError.notFound("The requested resource could not be found.") }
            if accept.contains("text/plain") && !accept.contains("application/json") {
                return Self.text(try await core.tasksText(app: nil))
            }
            let statuses = (query["status"] ?? []) + (query["status[]"] ?? [])
            return Self.json(.object(["tasks": .array(await core.allTasks(statuses: statuses))]))
        case "deployments":
            if rest.isEmpty, method == .get { return Self.json(await core.deploymentsJSON()) }
            guard rest.count == 1, method == .delete else { throw APIError.notFound("The requested resource could not be found.") }
            if let rollback = try await core.cancelDeployment(rest.first!, force: force) {
                return Self.deploymentResponse(rollback)
            }
            return Response(status: .accepted)
        case "queue":
            if rest.isEmpty, method == .get {
                return Self.json(await core.queueJSON(embedLastUnusedOffers: (query["embed"] ?? []).contains("lastUnusedOffers")))
            }
            guard rest.last == "delay", rest.count >= 2, method == .delete else {
                throw APIError.notFound("The requested resource could not be found.")
            }
            try await core.resetDelay(try Self.pathID(rest.dropLast()))
            return Response(status: .noContent)
        case "groups":
            return try await groups(&request, rest, method: method, query: query, force: force)
        case "events":
            guard method == .get else { throw APIError(status: 405, message: "Method not allowed") }
            guard accept.contains("text/event-stream") else {
                throw APIError(status: 405, message: "The event stream needs 'Accept: text/event-stream'")
            }
            return eventStream(types: Set(query["event_type"] ?? []), remoteAddress: context.remoteAddress)
        default:
            throw APIError.notFound("The requested resource could not be found.")
        }
    }

    private static func killResponse(_ outcome: KillOutcome, single: Bool) -> Response {
        switch outcome {
        case .deployment(let deployment):
            return deploymentResponse(deployment)
        case .tasks(let tasks):
            if single, let task = tasks.first { return json(.object(["task": task])) }
            return json(.object(["tasks": .array(tasks)]))
        }
    }

    private func apps(
        _ request: inout Request,
        _ rest: ArraySlice<String>,
        method: HTTPRequest.Method,
        query: [String: [String]],
        force: Bool,
        accept: String,
        context: SchedulerRequestContext
    ) async throws -> Response {
        let embed = query["embed"] ?? []
        let partial = Self.flag(query, "partialUpdate", default: true)
        if rest.isEmpty {
            switch method {
            case .get:
                return Self.json(try await core.listApps(cmd: query["cmd"]?.last, id: query["id"]?.last, label: query["label"]?.last, embed: embed))
            case .post:
                let body = try await body(&request)
                let (app, deployment) = try await core.createApp(body, force: force)
                let id = app["id"]?.stringValue ?? "/"
                events.publish("api_post_event", ["clientIp": .string(context.remoteAddress), "uri": .string("/v2/apps"), "appDefinition": app])
                let host = request.head.authority ?? "localhost"
                var headers = HTTPFields()
                headers[.contentType] = "application/json; charset=utf-8"
                headers[.location] = "http://\(host)/v2/apps\(id)"
                headers[HTTPField.Name("Marathon-Deployment-Id")!] = deployment.id
                return Response(status: .created, headers: headers, body: .init(byteBuffer: ByteBuffer(string: app.serialized())))
            case .put:
                let body = try await body(&request)
                return Self.deploymentResponse(try await core.updateApps(body, partial: partial, force: force))
            default:
                throw APIError(status: 405, message: "Method not allowed")
            }
        }
        let parsedID = try? Self.pathID(rest)
        var exists = false
        if let parsedID { exists = (try? await core.getApp(parsedID, embed: [])) != nil }
        if !exists, rest.count >= 2 {
            let last = rest.last!
            let beforeLast = rest[rest.endIndex - 2]
            if last == "*", method == .get {
                return Self.json(await core.appsBelow(try Self.pathID(rest.dropLast()), embed: embed))
            }
            if last == "restart", method == .post {
                let bodyForce = (try? await body(&request))?["force"]?.boolValue ?? false
                let deployment = try await core.restartApp(try Self.pathID(rest.dropLast()), force: force || bodyForce)
                return Self.deploymentResponse(deployment)
            }
            if last == "tasks" {
                let id = try Self.pathID(rest.dropLast())
                switch method {
                case .get:
                    if accept.contains("text/plain") && !accept.contains("application/json") {
                        return Self.text(try await core.tasksText(app: id))
                    }
                    return Self.json(.object(["tasks": .array(try await core.appTasks(id))]))
                case .delete:
                    let outcome = try await core.killTasks(
                        id, taskIDs: nil, host: query["host"]?.last, scale: Self.flag(query, "scale"), wipe: Self.flag(query, "wipe"), force: force
                    )
                    return Self.killResponse(outcome, single: false)
                default:
                    throw APIError(status: 405, message: "Method not allowed")
                }
            }
            if beforeLast == "tasks", rest.count >= 3 {
                let id = try Self.pathID(rest.dropLast(2))
                switch method {
                case .get:
                    let tasks = try await core.appTasks(id)
                    guard let task = tasks.first(where: { $0["id"]?.stringValue == last }) else {
                        throw APIError.notFound("Task '\(last)' does not exist")
                    }
                    return Self.json(.object(["task": task]))
                case .delete:
                    let outcome = try await core.killTasks(
                        id, taskIDs: [last], host: nil, scale: Self.flag(query, "scale"), wipe: Self.flag(query, "wipe"), force: force
                    )
                    return Self.killResponse(outcome, single: true)
                default:
                    throw APIError(status: 405, message: "Method not allowed")
                }
            }
            if last == "versions", method == .get {
                return Self.json(try await core.versions(try Self.pathID(rest.dropLast())))
            }
            if beforeLast == "versions", rest.count >= 3, method == .get {
                return Self.json(try await core.version(try Self.pathID(rest.dropLast(2)), last))
            }
        }
        let fullID = try Self.pathID(rest)
        switch method {
        case .get:
            return Self.json(try await core.getApp(fullID, embed: embed))
        case .put:
            let body = try await body(&request)
            let (deployment, created) = try await core.updateApp(fullID, body: body, partial: partial, force: force)
            events.publish(
                "api_post_event",
                [
                    "clientIp": .string(context.remoteAddress), "uri": .string("/v2/apps\(fullID)"),
                    "appDefinition": (try? await core.getApp(fullID, embed: []))?["app"] ?? .null,
                ]
            )
            if created {
                let host = request.head.authority ?? "localhost"
                return Self.deploymentResponse(deployment, status: 201, extraHeaders: ["Location": "http://\(host)/v2/apps\(fullID)"])
            }
            return Self.deploymentResponse(deployment)
        case .patch:
            let body = try await body(&request)
            return Self.deploymentResponse(try await core.patchApp(fullID, body: body, force: force))
        case .delete:
            return Self.deploymentResponse(try await core.deleteApp(fullID, force: Self.flag(query, "force", default: true)))
        default:
            throw APIError(status: 405, message: "Method not allowed")
        }
    }

    private func groups(
        _ request: inout Request,
        _ rest: ArraySlice<String>,
        method: HTTPRequest.Method,
        query: [String: [String]],
        force: Bool
    ) async throws -> Response {
        let id = try Self.pathID(rest)
        var embed = query["embed"] ?? []
        if embed.isEmpty { embed = ["group.groups", "group.apps"] }
        switch method {
        case .get:
            return Self.json(try await core.group(id, embed: embed))
        case .post:
            var body = try await body(&request)
            if !id.isRoot, var object = body.objectValue {
                // POST /v2/groups/{id} creates that group (ids in the body are relative to it).
                object["id"] = .string((try? PathID(object["id"]?.stringValue ?? ".", base: id))?.description ?? id.description)
                body = .object(object)
            }
            let (_, deployment) = try await core.createGroup(body, force: force)
            return Self.deploymentResponse(deployment, status: 201)
        case .put:
            let body = try await body(&request)
            return Self.deploymentResponse(try await core.updateGroup(id, body: body, force: force))
        case .delete:
            return Self.deploymentResponse(try await core.deleteGroup(id, force: force))
        default:
            throw APIError(status: 405, message: "Method not allowed")
        }
    }

    // MARK: Events

    /// An SSE response: `event_stream_attached` first, then every matching event, one chunk per event, and a
    /// keep-alive line every 10 seconds.
    private func eventStream(types: Set<String>, remoteAddress: String) -> Response {
        let (output, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        func frame(_ type: String, _ payload: JSON) -> ByteBuffer {
            ByteBuffer(string: "event: \(type)\ndata: \(payload.serialized())\n\n")
        }
        let attached: JSON = .object([
            "eventType": "event_stream_attached", "timestamp": .string(Timestamp.now().description), "remoteAddress": .string(remoteAddress),
        ])
        if types.isEmpty || types.contains("event_stream_attached") {
            continuation.yield(frame("event_stream_attached", attached))
        }
        let source = events.subscribe(types: types)
        let forwarder = Task {
            for await event in source {
                continuation.yield(frame(event.type, event.payload))
            }
            continuation.finish()
        }
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                continuation.yield(ByteBuffer(string: "\r\n"))
            }
        }
        continuation.onTermination = { _ in
            forwarder.cancel()
            keepAlive.cancel()
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache, no-store, must-revalidate"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: output))
    }
}
