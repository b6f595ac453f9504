// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The 16-byte uuids that identify status updates (`TaskStatus.uuid`, ACKNOWLEDGE `uuid`).
public enum StatusUUID {
    /// Length of a status update uuid in bytes.
    public static let length = 16

    /// A fresh random (version 4) uuid.
    public static func random() -> Data {
        withUnsafeBytes(of: UUID().uuid) { Data($0) }
    }

    /// Checks that `bytes` is a 16-byte uuid.
    /// - Parameter field: the field path to name in the error, e.g. `acknowledge.uuid`.
    /// - Throws: ``ProtocolError`` with code `invalidCall` otherwise.
    public static func validate(_ bytes: Data, field: String) throws(ProtocolError) {
        guard bytes.count == length else {
            throw ProtocolError(.invalidCall, "'\(field)' must be a 16-byte UUID, found \(bytes.count) bytes", field: field)
        }
    }
}
