// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteHTTP
import ButteProtocol
import Foundation
import Hummingbird
import NIOCore

/// The HTTP endpoints of an agent: `/state`, `/health`, `/flags`, `/version`, `/metrics/snapshot` and `/files/*`.
public enum AgentRoutes {
    /// Builds the router.
    public static func router(agent: Agent) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: ProtocolErrorMiddleware())
        func get(_ path: String, prefix: String? = "slave(1)", _ body: @escaping @Sendable (Request) async throws -> Response) {
            router.endpoint(path, prefix: prefix, methods: [.get]) { request, _ in try await body(request) }
        }
        get("/health") { _ in APIResponses.emptyOK() }
        get("/state") { _ in APIResponses.json(await agent.stateJSON()) }
        get("/state.json") { _ in APIResponses.json(await agent.stateJSON()) }
        get("/flags") { _ in json(["flags": agent.configuration.flags]) }
        get("/version", prefix: nil) { _ in json(["version": "1.11.0", "butte_version": "0.1.0", "build_date": "", "build_user": ""]) }
        get("/snapshot", prefix: "metrics") { _ in APIResponses.json(await agent.metricsJSON()) }
        @Sendable func sandboxPath(_ request: Request) async throws -> String {
            guard let raw = request.uri.queryParameters["path"].map(String.init), !raw.isEmpty else {
                throw HTTPError(.badRequest, message: "Expecting 'path=value' in query.")
            }
            let decoded = raw.removingPercentEncoding ?? raw
            guard let path = await agent.resolveSandboxPath(decoded) else { throw HTTPError(.notFound, message: "No such file or directory.") }
            return path
        }
        get("/browse", prefix: "files") { request in
            let path = try await sandboxPath(request)
            guard let entries = SandboxFiles.browse(path) else { throw HTTPError(.notFound, message: "Not a directory.") }
            return json(entries)
        }
        get("/read", prefix: "files") { request in
            let path = try await sandboxPath(request)
            let offset = request.uri.queryParameters["offset"].flatMap { Int(String($0)) } ?? -1
            let length = request.uri.queryParameters["length"].flatMap { Int(String($0)) }
            guard let object = SandboxFiles.read(path, offset: offset, length: length) else { throw HTTPError(.notFound, message: "Not a file.") }
            return json(object)
        }
        get("/download", prefix: "files") { request in
            let path = try await sandboxPath(request)
            guard let data = FileManager.default.contents(atPath: path) else { throw HTTPError(.notFound, message: "Not a file.") }
            let name = (path as NSString).lastPathComponent
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream", .contentLength: String(data.count),
                    .contentDisposition: "attachment; filename=\(name)",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }

    static func json(_ object: Any) -> Response {
        APIResponses.json(serialize(object))
    }

    /// JSON bytes of a JSONSerialization object graph, keys sorted.
    static func serialize(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
