// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Incremental reader of a RecordIO stream: feed it chunks as they arrive, split anywhere (also inside the
/// length prefix), and take out the complete records.
///
/// The stream must hold nothing but records: a prefix byte that is not a digit (a blank line, a `\r`), an empty
/// or zero length, or a length above ``maximumRecordLength`` is an error, after which the decoder stays failed.
public struct RecordIODecoder: Sendable {
    /// Default bound on one record: 64 MiB.
    public static let defaultMaximumRecordLength = 64 << 20

    /// Longest record accepted, in bytes.
    public let maximumRecordLength: Int

    private enum State: Sendable {
        case length(value: Int, digits: Int)
        case body(length: Int)
        case failed(ProtocolError)
    }

    private var state: State = .length(value: 0, digits: 0)
    private var buffer: [UInt8] = []
    private var start = 0
    private var consumed = 0

    /// Creates a decoder that rejects records longer than `maximumRecordLength` bytes.
    public init(maximumRecordLength: Int = RecordIODecoder.defaultMaximumRecordLength) {
        precondition(maximumRecordLength > 0, "maximumRecordLength must be positive")
        self.maximumRecordLength = maximumRecordLength
    }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Adds a chunk and returns every record it completes, in order.
    /// - Throws: ``ProtocolError`` (`invalidRecordIO` or `recordTooLarge`) when the stream is malformed.
    public mutating func decode(_ chunk: some Sequence<UInt8>) throws(ProtocolError) -> [Data] {
        append(chunk)
        var records: [Data] = []
        while let record = try next() {
            records.append(record)
        }
        return records
    }

    /// The next complete record, or nil until more bytes arrive.
    /// - Throws: ``ProtocolError`` (`invalidRecordIO` or `recordTooLarge`) when the stream is malformed.
    public mutating func next() throws(ProtocolError) -> Data? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .length(var value, var digits):
                while start < buffer.count {
                    let byte = buffer[start]
                    if byte == UInt8(ascii: "\n") {
                        if digits == 0 {
                            throw fail(.invalidRecordIO, "empty RecordIO length prefix at stream offset \(consumed + start)")
                        }
                        if value == 0 {
                            throw fail(.invalidRecordIO, "RecordIO record length is zero at stream offset \(consumed + start - digits)")
                        }
                        start += 1
                        state = .body(length: value)
                        break
                    }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                        let shown = byte >= 0x20 && byte < 0x7F ? " '\(Character(Unicode.Scalar(byte)))'" : ""
                        throw fail(
                            .invalidRecordIO,
                            "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))\(shown) in RecordIO length prefix at stream offset \(consumed + start)"
                        )
                    }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                    start += 1
                    if value > maximumRecordLength {
                        throw fail(.recordTooLarge, "RecordIO record length exceeds the maximum of \(maximumRecordLength) bytes")
                    }
                }
                if case .length = state {
                    state = .length(value: value, digits: digits)
                    compact()
                    return nil
                }
            case .body(let length):
                guard buffer.count - start >= length else {
                    compact()
                    return nil
                }
                let record = Data(buffer[start..<start + length])
                start += length
                state = .length(value: 0, digits: 0)
                return record
            }
        }
    }

    /// Whether bytes of an unfinished record (or its prefix) are pending.
    public var hasPartialRecord: Bool {
        switch state {
        case .failed: return false
        case .length(_, let digits): return digits > 0 || start < buffer.count
        case .body: return true
        }
    }

    /// Checks that the stream ended on a record boundary.
    /// - Throws: ``ProtocolError`` (`invalidRecordIO`) when it ended inside a record, or the decoder had failed.
    public func finish() throws(ProtocolError) {
        if case .failed(let error) = state { throw error }
        if hasPartialRecord {
            throw ProtocolError(.invalidRecordIO, "RecordIO stream ended inside a record")
        }
    }

    private mutating func fail(_ code: ProtocolError.Code, _ message: String) -> ProtocolError {
        let error = ProtocolError(code, message)
        state = .failed(error)
        return error
    }

    // Drops consumed bytes once they dominate the buffer, so appends stay amortised O(1).
    private mutating func compact() {
        if start == buffer.count {
            consumed += start
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 && start > buffer.count / 2 {
            consumed += start
            buffer.removeFirst(start)
            start = 0
        }
    }
}
