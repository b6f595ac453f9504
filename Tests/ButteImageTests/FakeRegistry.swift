// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A registry-shaped HTTP server on 127.0.0.1 whose every answer a test decides: wrong digests, truncated
/// bodies, redirects, 5xx, challenges. Each connection serves one request and is closed.
final class FakeRegistry: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
        var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
        var query: [String: [String]] {
            var result: [String: [String]] = [:]
            guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return result }
            for pair in q.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                result[kv[0], default: []].append(kv.count > 1 ? kv[1] : "")
            }
            return result
        }
    }

    enum Reply: Sendable {
        /// A complete response.
        case respond(Int, [(String, String)], [UInt8])
        /// Announces `body.count` bytes, sends only `sent` of them, and closes the connection.
        case truncate([(String, String)], [UInt8], sent: Int)

        static func status(_ code: Int, _ headers: [(String, String)] = []) -> Reply { .respond(code, headers, []) }
        static func json(_ body: [UInt8], type: String) -> Reply { .respond(200, [("Content-Type", type)], body) }
    }

    final class RequestLog: Sendable {
        let entries = Mutex<[Request]>([])
    }

    let port: Int
    private let channel: any Channel
    private let log = RequestLog()

    var host: String { "127.0.0.1:\(port)" }
    var requests: [Request] { log.entries.withLock { $0 } }

    init(_ handler: @escaping @Sendable (Request) -> Reply) async throws {
        let log = self.log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(Handler(handler: handler, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let handler: @Sendable (Request) -> Reply
        let log: RequestLog
        var head: HTTPRequestHead?

        init(handler: @escaping @Sendable (Request) -> Reply, log: RequestLog) {
            self.handler = handler
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h
            case .body: break
            case .end:
                guard let h = head else { return }
                var headers: [String: String] = [:]
                for (n, v) in h.headers { headers[n.lowercased()] = v }
                let request = Request(method: "\(h.method)", uri: h.uri, headers: headers)
                log.entries.withLock { $0.append(request) }
                respond(context, handler(request))
            }
        }

        func respond(_ context: ChannelHandlerContext, _ reply: Reply) {
            var headers = HTTPHeaders()
            let body: [UInt8]
            let status: Int
            var sent: Int
            switch reply {
            case .respond(let s, let h, let b):
                status = s
                body = b
                sent = b.count
                for (n, v) in h { headers.add(name: n, value: v) }
            case .truncate(let h, let b, let n):
                status = 200
                body = b
                sent = n
                for (n, v) in h { headers.add(name: n, value: v) }
            }
            if !headers.contains(name: "content-length") { headers.add(name: "Content-Length", value: "\(body.count)") }
            headers.add(name: "Connection", value: "close")
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if sent > 0 {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body.prefix(sent))))), promise: nil)
            }
            // Close only once everything written has left, or a large body would be cut short by the close itself.
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let done =
                sent < body.count
                ? context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer())))) : context.writeAndFlush(wrapOutboundOut(.end(nil)))
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
