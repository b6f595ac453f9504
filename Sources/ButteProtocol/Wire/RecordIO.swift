// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// RecordIO framing of the Mesos event streams: each record is its byte length in ASCII decimal, a line feed,
/// and the bytes, with nothing between records. ``RecordIODecoder`` reads such a stream.
public enum RecordIO {
    /// The length prefix of a record of `length` bytes, e.g. `"42\n"`.
    /// - Precondition: `length > 0` (Mesos never sends empty records).
    public static func prefix(length: Int) -> [UInt8] {
        precondition(length > 0, "RecordIO records are never empty")
        var bytes = Array(String(length).utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Appends one framed record to `buffer`.
    public static func append(_ record: some Collection<UInt8>, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: prefix(length: record.count))
        buffer.append(contentsOf: record)
    }

    /// One framed record.
    public static func frame(_ record: Data) -> Data {
        var framed = Data(prefix(length: record.count))
        framed.append(record)
        return framed
    }

    /// Encodes `message` as ASCII JSON and frames it.
    /// - Throws: ``ProtocolError`` when the message cannot be encoded.
    public static func frame<Message: Encodable>(message: Message) throws(ProtocolError) -> Data {
        frame(try ProtocolJSON.encode(message))
    }
}
