// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw HTTP/1.1 client for one streaming POST (a SUBSCRIBE): it sends the request on a plain socket, then
/// reads the chunked body as it arrives and splits it into RecordIO records, so a test sees exactly the bytes the
/// server sent — any stray byte between records fails the decoding.
final class StreamClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The response status.
    private(set) var status = 0
    /// The response headers, names lower-cased.
    private(set) var headers: [String: String] = [:]

    private let fd: Int32
    private var chunks: AsyncStream<[UInt8]>.AsyncIterator
    private var raw: [UInt8] = []
    private var body: [UInt8] = []
    private var chunkRemaining = 0
    private var bodyEnded = false
    private var records = RecordIODecoder()
    private var pending: [Data] = []

    private init(fd: Int32, chunks: AsyncStream<[UInt8]>) {
        self.fd = fd
        self.chunks = chunks.makeAsyncIterator()
    }

    deinit { close() }

    /// Connects to 127.0.0.1:`port`, sends the POST and reads the response head.
    static func open(port: UInt16, path: String, body: Data, headers: [String: String] = [:], receiveTimeout: Int = 10) async throws -> StreamClient {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed")
        }
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\n"
        var fields = headers
        if fields["Content-Type"] == nil { fields["Content-Type"] = "application/json" }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + Array(body)
        var sent = 0
        while sent < request.count {
            let result = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard result > 0 else {
                Glibc.close(fd)
                throw Failure(description: "send failed")
            }
            sent += result
        }
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                continuation.yield(Array(buffer[0..<count]))
            }
            continuation.finish()
        }
        thread.start()
        let client = StreamClient(fd: fd, chunks: stream)
        try await client.readHead()
        return client
    }

    /// Closes the connection (the server sees the subscriber go away).
    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    private func readHead() async throws {
        while true {
            if let end = raw.firstRange(of: [13, 10, 13, 10]) {
                let text = String(decoding: raw[..<end.lowerBound], as: UTF8.self)
                var lines = text.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                raw.removeSubrange(..<end.upperBound)
                return
            }
            guard let chunk = await chunks.next() else { throw Failure(description: "connection closed before the response head") }
            raw += chunk
        }
    }

    /// Moves complete chunks from `raw` into `body`; false when more bytes are needed.
    private func dechunk() throws -> Bool {
        var progressed = false
        while !bodyEnded {
            if chunkRemaining > 0 {
                guard raw.count >= chunkRemaining + 2 else { break }
                body += raw[0..<chunkRemaining]
                guard raw[chunkRemaining] == 13, raw[chunkRemaining + 1] == 10 else { throw Failure(description: "chunk without CRLF") }
                raw.removeSubrange(0..<(chunkRemaining + 2))
                chunkRemaining = 0
                progressed = true
                continue
            }
            guard let lineEnd = raw.firstRange(of: [13, 10]) else { break }
            let sizeText = String(decoding: raw[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                throw Failure(description: "bad chunk size '\(sizeText)'")
            }
            raw.removeSubrange(..<lineEnd.upperBound)
            if size == 0 {
                bodyEnded = true
            } else {
                chunkRemaining = size
            }
            progressed = true
        }
        return progressed
    }

    /// The next RecordIO record, or nil when the stream ended.
    func nextRecord() async throws -> Data? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            if headers["transfer-encoding"]?.lowercased() == "chunked" {
                _ = try dechunk()
            } else {
                body += raw
                raw = []
            }
            if !body.isEmpty {
                pending += try records.decode(body)
                body = []
                if !pending.isEmpty { continue }
            }
            if bodyEnded { return nil }
            guard let chunk = await chunks.next() else { return nil }
            raw += chunk
        }
    }

    /// The next event decoded as `type`.
    func next<Event: Decodable>(_ type: Event.Type) async throws -> Event {
        guard let record = try await nextRecord() else { throw Failure(description: "the stream ended") }
        return try ProtocolJSON.decode(type, from: record)
    }

    /// Skips HEARTBEATs (and, for scheduler streams, OFFERS when `skipOffers`) and returns the next other event.
    func nextScheduler(skipOffers: Bool = false) async throws -> SchedulerEvent {
        while true {
            let event = try await next(SchedulerEvent.self)
            if event.type == .heartbeat { continue }
            if skipOffers && event.type == .offers { continue }
            return event
        }
    }

    /// Skips HEARTBEATs and returns the next agent event.
    func nextAgent() async throws -> AgentEvent {
        while true {
            let event = try await next(AgentEvent.self)
            if event.type == .heartbeat { continue }
            return event
        }
    }

    /// The raw JSON of the next record.
    func nextJSON() async throws -> [String: Any] {
        guard let record = try await nextRecord() else { throw Failure(description: "the stream ended") }
        return try JSONSerialization.jsonObject(with: record) as? [String: Any] ?? [:]
    }
}
