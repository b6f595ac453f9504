// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Decodes test JSON written inline.
enum JSONDecoderHelper {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}
