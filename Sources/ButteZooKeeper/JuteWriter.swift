// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Writes values in jute's binary encoding, ZooKeeper's record format.
///
/// Integers and longs are big-endian; a boolean is one byte; a buffer is an `Int32` length then the
/// bytes, with length -1 for `nil`; a string is a buffer of its UTF-8; a vector is an `Int32` count
/// (-1 for `nil`) then its elements; a record is its fields in declaration order, without framing.
/// Source: ZooKeeper 3.8 `org.apache.jute.BinaryOutputArchive`.
package struct JuteWriter {
    /// The bytes written so far.
    package var buffer: ByteBuffer

    /// Creates a writer appending to `buffer`.
    package init(buffer: ByteBuffer = ByteBuffer()) {
        self.buffer = buffer
    }

    /// Writes a big-endian 32-bit integer.
    package mutating func write(_ value: Int32) {
        buffer.writeInteger(value, endianness: .big)
    }

    /// Writes a big-endian 64-bit integer.
    package mutating func write(_ value: Int64) {
        buffer.writeInteger(value, endianness: .big)
    }

    /// Writes a boolean as one byte, 1 or 0.
    package mutating func write(_ value: Bool) {
        buffer.writeInteger(value ? 1 : 0, as: UInt8.self)
    }

    /// Writes a buffer: its length, then its bytes; `nil` is length -1.
    package mutating func write(buffer bytes: [UInt8]?) {
        guard let bytes else {
            write(Int32(-1))
            return
        }
        write(Int32(bytes.count))
        buffer.writeBytes(bytes)
    }

    /// Writes a string as the buffer of its UTF-8; `nil` is length -1.
    package mutating func write(string: String?) {
        guard let string else {
            write(Int32(-1))
            return
        }
        let utf8 = Array(string.utf8)
        write(Int32(utf8.count))
        buffer.writeBytes(utf8)
    }

    /// Writes a vector of strings: the count, then each string; `nil` is count -1.
    package mutating func write(strings: [String]?) {
        guard let strings else {
            write(Int32(-1))
            return
        }
        write(Int32(strings.count))
        for string in strings { write(string: string) }
    }

    /// Writes a record's fields.
    package mutating func write(_ record: some JuteEncodable) {
        record.encode(to: &self)
    }

    /// Writes a vector of records: the count, then each record.
    package mutating func write<Record: JuteEncodable>(records: [Record]) {
        write(Int32(records.count))
        for record in records { record.encode(to: &self) }
    }
}

/// A record that writes itself in jute's encoding.
package protocol JuteEncodable {
    /// Writes the record's fields in declaration order.
    func encode(to writer: inout JuteWriter)
}

/// A record that reads itself from jute's encoding.
package protocol JuteDecodable {
    /// Reads the record's fields in declaration order.
    /// - Throws: `ZooKeeperError` with code `.marshallingError` when the bytes end early or are invalid.
    init(from reader: inout JuteReader) throws(ZooKeeperError)
}
