// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// A small HTTP/1.1 client for tests talking to fixtures on 127.0.0.1.
///
/// One connection per request (`Connection: close`), no proxies, caches or cookies, redirects not
/// followed, every status returned as is. It speaks plain sockets so that what a test sees is
/// exactly what the server sent.
public enum TestHTTPClient {
    /// A complete HTTP response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields, with names in lower case (repeated fields joined with ", ").
        public var headers: [String: String]
        /// The body, with chunked transfer coding removed.
        public var body: Data

        /// The value of header `name`, compared case-insensitively.
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request to an `http://127.0.0.1:PORT/…` URL and returns the response, whatever its status.
    /// - Throws: `FixtureError` with code `.invalidArgument` for another host or scheme, `.io` when no
    ///   complete response arrives (connection refused, timeout, malformed answer).
    public static func send(
        _ method: String = "GET",
        _ url: URL,
        headers: [String: String] = [:],
        body: Data? = nil,
        timeout: Duration = .seconds(10)
    ) async throws -> Response {
        guard url.scheme == "http", let host = url.host, host == "127.0.0.1" || host == "localhost", let port = url.port,
            let portNumber = UInt16(exactly: port)
        else {
            throw FixtureError(.invalidArgument, "\(url.absoluteString) is not an http://127.0.0.1:PORT URL")
        }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let path = components?.percentEncodedPath ?? ""
        var target = path.isEmpty ? "/" : path
        if let query = components?.percentEncodedQuery { target += "?\(query)" }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(portNumber)\r\nConnection: close\r\n"
        let hasLength = headers.keys.contains { $0.lowercased() == "content-length" }
        if let body, !hasLength { head += "Content-Length: \(body.count)\r\n" }
        if body == nil && !hasLength && ["POST", "PUT", "PATCH"].contains(method) { head += "Content-Length: 0\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + Array(body ?? Data())
        let raw = try await TCPProbe.exchange(port: portNumber, bytes: request, timeout: timeout)
        return try parse(raw, method: method, url: url)
    }

    /// An `Authorization` header value for HTTP Basic authentication.
    public static func basicAuthorization(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private static func parse(_ raw: [UInt8], method: String, url: URL) throws -> Response {
        let malformed = { (why: String) in FixtureError(.io, "\(method) \(url.absoluteString): \(why)") }
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = raw.firstRange(of: separator) else { throw malformed("the response has no complete header") }
        let headText = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw malformed("bad status line in \(headText.prefix(80))")
        }
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("bad header line \(line)") }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
        }
        var body = Array(raw[end.upperBound...])
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body, malformed)
        } else if let length = fields["content-length"].flatMap({ Int($0) }) {
            guard body.count >= length else { throw malformed("the body ended after \(body.count) of \(length) bytes") }
            body = Array(body.prefix(length))
        }
        return Response(status: status, headers: fields, body: Data(body))
    }

    private static func dechunk(_ data: [UInt8], _ malformed: (String) -> FixtureError) throws -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = data[index...].firstRange(of: [13, 10]) else { throw malformed("a chunk size line is cut off") }
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int((sizeText.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw malformed("bad chunk size \(sizeText)")
            }
            index = lineEnd.upperBound
            if size == 0 { return result }
            guard index + size + 2 <= data.count else { throw malformed("a chunk is cut off") }
            result.append(contentsOf: data[index..<(index + size)])
            index += size + 2
        }
    }
}
