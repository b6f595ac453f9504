// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteHTTP
import ButteProtocol
import Foundation
import Hummingbird
import NIOCore

/// The HTTP endpoints of a master.
public enum MasterRoutes {
    /// Builds the router: the scheduler and agent APIs, the operator API and endpoints, and the web UI.
    public static func router(master: Master, configuration: MasterConfiguration) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: ProtocolErrorMiddleware())
        let frameworkAuth = configuration.frameworkCredentials.map { BasicAuthenticator(realm: "mesos-master-scheduler", credentials: $0) }
        let readonlyAuth = configuration.readonlyCredentials.map { BasicAuthenticator(realm: "mesos-master-readonly", credentials: $0) }
        let readwriteAuth = configuration.readwriteCredentials.map { BasicAuthenticator(realm: "mesos-master-readwrite", credentials: $0) }

        router.endpoint("/api/v1/scheduler", prefix: "master", methods: [.post]) { request, context in
            try await scheduler(request, channel: context.channel, master: master, authenticator: frameworkAuth)
        }
        router.endpoint("/api/v1/agent", prefix: "master", methods: [.post]) { request, context in
            try await agent(request, channel: context.channel, master: master)
        }
        router.endpoint("/api/v1", prefix: "master", methods: [.post]) { request, _ in
            _ = try readwriteAuth?.authenticate(request)
            try MediaTypeRules.requireJSONContentType(request)
            struct OperatorCall: Decodable { var type: String? }
            let call = try await APIRequestBody.decode(OperatorCall.self, from: request)
            guard let type = call.type else { throw ProtocolError(.missingField, "Expecting 'type' to be present", field: "type") }
            return APIResponses.json(try await master.operatorCall(type: type))
        }

        func readonly(_ path: String, prefix: String? = "master", _ body: @escaping @Sendable (Request) async throws -> Response) {
            router.endpoint(path, prefix: prefix, methods: [.get]) { request, _ in
                _ = try readonlyAuth?.authenticate(request)
                return try await body(request)
            }
        }
        readonly("/state") { _ in APIResponses.json(await master.stateJSON()) }
        readonly("/state.json") { _ in APIResponses.json(await master.stateJSON()) }
        readonly("/state-summary") { _ in APIResponses.json(await master.stateSummaryJSON()) }
        readonly("/frameworks") { _ in APIResponses.json(await master.frameworksJSON()) }
        readonly("/slaves") { _ in APIResponses.json(await master.agentsJSON()) }
        readonly("/tasks") { request in
            let limit = request.uri.queryParameters["limit"].flatMap { Int(String($0)) } ?? 100
            let offset = request.uri.queryParameters["offset"].flatMap { Int(String($0)) } ?? 0
            return APIResponses.json(await master.tasksJSON(limit: limit, offset: offset))
        }
        readonly("/flags") { _ in APIResponses.json(await master.flagsJSON()) }
        readonly("/health") { _ in APIResponses.emptyOK() }
        readonly("/redirect") { _ in
            // Standalone: this master is the leader.
            let host = configuration.advertiseIP ?? (configuration.hostname.isEmpty ? configuration.ip : configuration.hostname)
            return APIResponses.redirect(to: "//\(host):\(configuration.advertisePort ?? configuration.port)")
        }
        readonly("/snapshot", prefix: "metrics") { _ in APIResponses.json(await master.metricsJSON()) }
        readonly("/version", prefix: nil) { _ in APIResponses.json(master.versionJSON()) }
        router.endpoint("/", methods: [.get]) { _, _ in APIResponses.text(WebUI.html, contentType: "text/html; charset=utf-8") }
        router.endpoint("/webui/app.js", methods: [.get]) { _, _ in
            APIResponses.text(WebUI.script, contentType: "application/javascript; charset=utf-8")
        }
        return router
    }

    static func scheduler(_ request: Request, channel: any Channel, master: Master, authenticator: BasicAuthenticator?) async throws -> Response {
        try MediaTypeRules.requireJSONContentType(request)
        // With framework authentication off, an Authorization header is ignored (pymesos always sends one).
        let principal = try authenticator?.authenticate(request)
        let call = try await APIRequestBody.decode(SchedulerCall.self, from: request)
        try call.validate()
        let streamID = request.headers[RecordIOStream.streamIDHeader]
        if call.type == .subscribe {
            if streamID != nil {
                throw HTTPAPIError.badRequest("Expecting 'Mesos-Stream-Id' header to be absent for SUBSCRIBE")
            }
            try MediaTypeRules.requireAcceptsJSON(request)
            let stream = await master.subscribe(call, principal: principal)
            return RecordIOStream.response(streamID: stream.id, records: stream.records, channel: channel) {
                await master.schedulerStreamClosed(streamID: stream.id)
            }
        }
        switch try await master.handle(call, streamID: streamID) {
        case .accepted: return APIResponses.accepted()
        case .ok: return Response(status: .ok, headers: [.contentLength: "0"], body: ResponseBody())
        }
    }

    static func agent(_ request: Request, channel: any Channel, master: Master) async throws -> Response {
        try MediaTypeRules.requireJSONContentType(request)
        let call = try await APIRequestBody.decode(AgentCall.self, from: request)
        try call.validate()
        let streamID = request.headers[RecordIOStream.streamIDHeader]
        if call.type == .subscribe {
            if streamID != nil {
                throw HTTPAPIError.badRequest("Expecting 'Mesos-Stream-Id' header to be absent for SUBSCRIBE")
            }
            try MediaTypeRules.requireAcceptsJSON(request)
            let stream = await master.agentSubscribe(call)
            return RecordIOStream.response(streamID: stream.id, records: stream.records, channel: channel) {
                await master.agentStreamClosed(streamID: stream.id)
            }
        }
        try await master.agentCall(call, streamID: streamID)
        return APIResponses.accepted()
    }
}
