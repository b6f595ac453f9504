// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import NIOCore

/// Hex helpers for comparing encoded records with reference byte sequences.
enum Hex {
    /// Lower-case hex of `bytes`.
    static func string(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Lower-case hex of the readable bytes of `buffer`.
    static func string(_ buffer: ByteBuffer) -> String {
        string(buffer.readableBytesView)
    }

    /// The bytes of a hex string.
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }
}
