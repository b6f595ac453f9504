// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Reads values in jute's binary encoding; the counterpart of `JuteWriter`.
///
/// Every read checks that enough bytes remain and that lengths are sane, so a truncated or hostile
/// frame becomes a `.marshallingError` rather than a crash or a huge allocation.
/// Source: ZooKeeper 3.8 `org.apache.jute.BinaryInputArchive`.
package struct JuteReader {
    /// The bytes not read yet.
    package var buffer: ByteBuffer
    /// The context named in errors, e.g. `GetDataResponse`.
    package var context: String

    /// Creates a reader over `buffer`.
    package init(buffer: ByteBuffer, context: String = "reply") {
        self.buffer = buffer
        self.context = context
    }

    /// Creates a reader over `bytes`.
    package init(bytes: [UInt8], context: String = "reply") {
        self.init(buffer: ByteBuffer(bytes: bytes), context: context)
    }

    /// The number of bytes left.
    package var remaining: Int { buffer.readableBytes }

    private func truncated(_ what: String) -> ZooKeeperError {
        ZooKeeperError(.marshallingError, "\(context): truncated while reading \(what) (\(buffer.readableBytes) bytes left)")
    }

    /// Reads a big-endian 32-bit integer.
    package mutating func readInt() throws(ZooKeeperError) -> Int32 {
        guard let value = buffer.readInteger(endianness: .big, as: Int32.self) else { throw truncated("an int") }
        return value
    }

    /// Reads a big-endian 64-bit integer.
    package mutating func readLong() throws(ZooKeeperError) -> Int64 {
        guard let value = buffer.readInteger(endianness: .big, as: Int64.self) else { throw truncated("a long") }
        return value
    }

    /// Reads a one-byte boolean; any non-zero byte is true, as in Java's `readBoolean`.
    package mutating func readBool() throws(ZooKeeperError) -> Bool {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw truncated("a boolean") }
        return value != 0
    }

    private mutating func readLength(_ what: String) throws(ZooKeeperError) -> Int? {
        let length = try readInt()
        if length == -1 { return nil }
        guard length >= 0 else {
            throw ZooKeeperError(.marshallingError, "\(context): negative length \(length) for \(what)")
        }
        return Int(length)
    }

    /// Reads a buffer; length -1 is `nil`.
    package mutating func readBuffer() throws(ZooKeeperError) -> [UInt8]? {
        guard let length = try readLength("a buffer") else { return nil }
        guard let bytes = buffer.readBytes(length: length) else { throw truncated("a buffer of \(length) bytes") }
        return bytes
    }

    /// Reads a UTF-8 string; length -1 is `nil`.
    package mutating func readString() throws(ZooKeeperError) -> String? {
        guard let length = try readLength("a string") else { return nil }
        guard let bytes = buffer.readBytes(length: length) else { throw truncated("a string of \(length) bytes") }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw ZooKeeperError(.marshallingError, "\(context): a string is not valid UTF-8")
        }
        return string
    }

    /// Reads a string that must be present.
    package mutating func readRequiredString(_ field: String) throws(ZooKeeperError) -> String {
        guard let string = try readString() else {
            throw ZooKeeperError(.marshallingError, "\(context): \(field) is null")
        }
        return string
    }

    /// Reads a vector of strings; count -1 is `nil`.
    package mutating func readStrings() throws(ZooKeeperError) -> [String]? {
        guard let count = try readLength("a vector") else { return nil }
        // Each string takes at least its 4-byte length: refuse counts the frame cannot hold.
        guard count <= buffer.readableBytes / 4 else { throw truncated("a vector of \(count) strings") }
        var strings: [String] = []
        strings.reserveCapacity(count)
        for index in 0..<count { strings.append(try readRequiredString("element \(index)")) }
        return strings
    }

    /// Reads a record.
    package mutating func read<Record: JuteDecodable>(_ type: Record.Type = Record.self) throws(ZooKeeperError) -> Record {
        try Record(from: &self)
    }

    /// Reads a vector of records; count -1 is an empty vector.
    package mutating func readRecords<Record: JuteDecodable>(_ type: Record.Type = Record.self) throws(ZooKeeperError) -> [Record] {
        guard let count = try readLength("a vector") else { return [] }
        guard count <= buffer.readableBytes else { throw truncated("a vector of \(count) records") }
        var records: [Record] = []
        records.reserveCapacity(count)
        for _ in 0..<count { records.append(try Record(from: &self)) }
        return records
    }
}
