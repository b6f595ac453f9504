// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension LoadedFlags {
    /// The value of `name` decoded from JSON, e.g. `--executor_environment_variables={"PATH":"/bin"}`.
    ///
    /// As in stout, a value starting with `/` is read as a file holding the JSON (`file://` values
    /// have been read by the loader already).
    /// - Throws: `CoreError` naming the flag, the value and its source when the file cannot be read
    ///   or the JSON does not decode as `type`.
    public func json<T: Decodable>(_ name: String, as type: T.Type) throws(CoreError) -> T? {
        guard let value = value(name) else { return nil }
        var text = value.value
        if text.hasPrefix("/") {
            do {
                text = try FileSystem.readText(text)
            } catch {
                throw LoadedFlags.invalid(value, spec: specs.first { $0.name == name }, expected: "cannot read the file: \(error.text)")
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw LoadedFlags.invalid(value, spec: specs.first { $0.name == name }, expected: LoadedFlags.jsonProblem(error))
        } catch {
            throw LoadedFlags.invalid(value, spec: specs.first { $0.name == name }, expected: "not valid JSON")
        }
    }

    private static func jsonProblem(_ error: DecodingError) -> String {
        let brief = error.briefDescription
        return brief == "not valid JSON" ? brief : "unexpected JSON \(brief)"
    }
}
