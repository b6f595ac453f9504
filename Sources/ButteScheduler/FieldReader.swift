// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Reads typed fields out of request JSON, collecting Marathon-style errors instead of stopping at the first.
///
/// Type mismatches (`error.expected.jsnumber`) make the request "Invalid JSON"; rule violations make it
/// "Object is not valid". Both are answered 422 with every path that failed.
final class FieldReader {
    /// Wrong JSON types, as (path, message).
    var typeErrors: [(String, String)] = []
    /// Rule violations, as (path, message).
    var errors: [(String, String)] = []

    /// Records a rule violation.
    func invalid(_ path: String, _ message: String) {
        errors.append((path.isEmpty ? "/" : path, message))
    }

    /// The collected errors as an ``APIError``, or nil when there are none.
    var failure: APIError? {
        if !typeErrors.isEmpty { return ValidationDetail.error(message: "Invalid JSON", typeErrors) }
        if !errors.isEmpty { return ValidationDetail.error(message: "Object is not valid", errors) }
        return nil
    }

    private func expect<T>(_ value: JSON?, _ path: String, _ kind: String, _ extract: (JSON) -> T?) -> T? {
        guard let value, !value.isNull else { return nil }
        if let result = extract(value) { return result }
        typeErrors.append((path, "error.expected.\(kind)"))
        return nil
    }

    func string(_ value: JSON?, _ path: String) -> String? {
        expect(value, path, "jsstring") { $0.stringValue }
    }

    func number(_ value: JSON?, _ path: String) -> Double? {
        expect(value, path, "jsnumber") { json in
            if let number = json.numberValue { return number }
            // Like Marathon's JSON reader, numeric strings are accepted for numbers.
            if let text = json.stringValue, let number = Double(text) { return number }
            return nil
        }
    }

    func int(_ value: JSON?, _ path: String) -> Int? {
        guard let number = number(value, path) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            typeErrors.append((path, "error.expected.int"))
            return nil
        }
        return Int(number)
    }

    func bool(_ value: JSON?, _ path: String) -> Bool? {
        expect(value, path, "jsboolean") { json in
            if let flag = json.boolValue { return flag }
            if let text = json.stringValue?.lowercased(), text == "true" || text == "false" { return text == "true" }
            return nil
        }
    }

    func object(_ value: JSON?, _ path: String) -> [String: JSON]? {
        expect(value, path, "jsobject") { $0.objectValue }
    }

    func array(_ value: JSON?, _ path: String) -> [JSON]? {
        expect(value, path, "jsarray") { $0.arrayValue }
    }

    func strings(_ value: JSON?, _ path: String) -> [String]? {
        guard let items = array(value, path) else { return nil }
        return items.enumerated().compactMap { index, item in string(item, "\(path)(\(index))") }
    }

    func stringMap(_ value: JSON?, _ path: String) -> [String: String]? {
        guard let members = object(value, path) else { return nil }
        var result: [String: String] = [:]
        for (key, item) in members {
            if let text = string(item, "\(path)/\(key)") { result[key] = text }
        }
        return result
    }

    func port(_ value: JSON?, _ path: String) -> UInt32? {
        guard let number = int(value, path) else { return nil }
        guard (0...65535).contains(number) else {
            invalid(path, "got \(number), expected between 0 and 65535")
            return nil
        }
        return UInt32(number)
    }

    /// A number that must be at least `minimum`.
    func number(_ value: JSON?, _ path: String, atLeast minimum: Double) -> Double? {
        guard let number = number(value, path) else { return nil }
        if number < minimum {
            invalid(path, "got \(JSON.format(number: number)), expected \(JSON.format(number: minimum)) or more")
            return nil
        }
        return number
    }

    /// A protocol of a port: `tcp`, `udp`, or both (written `udp,tcp`).
    func portProtocol(_ value: JSON?, _ path: String) -> String? {
        guard let text = string(value, path) else { return nil }
        let parts = Set(text.lowercased().split(separator: ",").map { String($0.filter { $0 != " " }) })
        if parts == ["tcp"] { return "tcp" }
        if parts == ["udp"] { return "udp" }
        if parts == ["tcp", "udp"] { return "udp,tcp" }
        invalid(path, "is not one of (tcp,udp,udp,tcp)")
        return nil
    }
}
