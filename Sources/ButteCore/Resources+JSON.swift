// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Resources {
    /// Parses a JSON array of Mesos v1 Resource objects, e.g.
    /// `[{"name":"cpus","type":"SCALAR","scalar":{"value":4}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]}}]`.
    ///
    /// - Parameters:
    ///   - text: the JSON text.
    ///   - defaultRole: the role of resources that carry neither `role` nor `reservations`.
    /// - Throws: `CoreError` (`.invalidResources`) naming the element and field at fault.
    public static func parseJSON(_ text: String, defaultRole: String = Resource.unreservedRole) throws(CoreError) -> Resources {
        let decoder = JSONDecoder()
        decoder.userInfo[Resource.defaultRoleKey] = defaultRole
        let list: [Resource]
        do {
            list = try decoder.decode([Resource].self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw CoreError(.invalidResources, "invalid resources JSON: \(error.briefDescription)", underlying: error)
        } catch {
            throw CoreError(.invalidResources, "invalid resources JSON: \(error)", underlying: error)
        }
        var kinds: [String: ResourceValue.Kind] = [:]
        for resource in list {
            if let known = kinds[resource.name], known != resource.kind {
                throw CoreError(
                    .invalidResources, "resource '\(resource.name)' appears with different types (\(known) and \(resource.kind))")
            }
            kinds[resource.name] = resource.kind
        }
        return Resources(list)
    }

    /// The JSON array of v1 Resource objects (compact, keys sorted).
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        guard let data = try? encoder.encode(self) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension DecodingError {
    /// One line: where in the document and what was wrong, e.g. `at [0].scalar.value: expected a number`.
    var briefDescription: String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "top level" : text
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): expected \(Self.typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath)): missing field '\(key.stringValue)'"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, context.underlyingError != nil || context.debugDescription.contains("not valid JSON") {
                return "not valid JSON"
            }
            return context.codingPath.isEmpty ? context.debugDescription : "at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type, is Int64.Type, is UInt64.Type, is Scalar.Type: "a number"
        case is Bool.Type: "a boolean"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
