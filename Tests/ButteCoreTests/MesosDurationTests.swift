// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct MesosDurationTests {
    @Test(
        "parses every unit, fractions included",
        arguments: [
            ("5ns", Int64(5)), ("3us", 3000), ("500ms", 500_000_000), ("5secs", 5_000_000_000), ("1.5secs", 1_500_000_000),
            ("0.3secs", 300_000_000), ("1mins", 60_000_000_000), ("15mins", 900_000_000_000), ("2hrs", 7_200_000_000_000),
            ("1days", 86_400_000_000_000), ("1weeks", 604_800_000_000_000), (".5secs", 500_000_000), ("2.secs", 2_000_000_000),
            ("0ns", 0), ("1.0000000001secs", 1_000_000_000), ("0.1ns", 0),
        ])
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try MesosDuration(parsing: text).nanoseconds == nanoseconds)
    }

    @Test(
        "bad durations say why",
        arguments: [
            ("", "invalid duration '': it is empty"),
            ("5", "invalid duration '5': missing unit; expected one of ns, us, ms, secs, mins, hrs, days or weeks"),
            ("5sec", "invalid duration '5sec': unknown unit 'sec'; expected one of ns, us, ms, secs, mins, hrs, days or weeks"),
            ("5 secs", "invalid duration '5 secs': unknown unit ' secs'; expected one of ns, us, ms, secs, mins, hrs, days or weeks"),
            ("-5secs", "invalid duration '-5secs': negative durations are not allowed"),
            ("secs", "invalid duration 'secs': expected a number followed by a unit (ns, us, ms, secs, mins, hrs, days or weeks)"),
            ("1.2.3secs", "invalid duration '1.2.3secs': '1.2.3' is not a number"),
            (".secs", "invalid duration '.secs': '.' is not a number"),
            ("100000000weeks", "invalid duration '100000000weeks': it is too large"),
        ])
    func rejects(text: String, message: String) {
        #expect(throws: CoreError(.invalidDuration, message)) { try MesosDuration(parsing: text) }
        #expect(MesosDuration(text) == nil)
    }

    @Test(
        "prints in the largest unit giving a whole number, as stout does",
        arguments: [
            (Int64(5_000_000_000), "5secs"), (60_000_000_000, "1mins"), (900_000_000_000, "15mins"), (90_000_000_000, "90secs"),
            (500_000_000, "500ms"), (7_200_000_000_000, "2hrs"), (86_400_000_000_000, "1days"), (604_800_000_000_000, "1weeks"),
            (0, "0ns"), (999, "999ns"), (1500, "1500ns"), (2000, "2us"), (1_500_000, "1500us"), (1_500_001, "1.500001ms"),
            (1_500_000_000, "1500ms"), (5_400_000_000_000, "90mins"), (864_000_000_000_000, "10days"), (129_600_000_000_000, "36hrs"),
            (61_500_000_000, "1.025mins"), (20_000_000_001, "20.000000001secs"), (-5_000_000_000, "-5secs"),
            (100_000_000_001, "1.66666666668333mins"),
        ])
    func prints(nanoseconds: Int64, text: String) {
        #expect(MesosDuration(nanoseconds: nanoseconds).description == text)
    }

    @Test(
        "whole-unit values survive a print/parse round trip",
        arguments: [
            "5secs", "1mins", "15mins", "90secs", "500ms", "2hrs", "1days", "1weeks", "2secs", "10mins", "1500ms", "7ns",
        ])
    func roundTrip(text: String) throws {
        #expect(try MesosDuration(parsing: text).description == text)
    }

    @Test("converts to and from Swift.Duration")
    func swiftDuration() throws {
        let duration = try MesosDuration(parsing: "1.5secs")
        #expect(duration.duration == .milliseconds(1500))
        #expect(MesosDuration(.seconds(90)) == .seconds(90))
        #expect(MesosDuration(.nanoseconds(7)).nanoseconds == 7)
        #expect(MesosDuration(.seconds(Int64.max)).nanoseconds == Int64.max)
        #expect(MesosDuration.minutes(15).description == "15mins")
        #expect(MesosDuration.hours(2) > .minutes(119))
    }

    @Test("Codable uses the string form")
    func codable() throws {
        struct Config: Codable, Equatable { var timeout: MesosDuration }
        let data = try JSONEncoder().encode(Config(timeout: .minutes(15)))
        #expect(String(decoding: data, as: UTF8.self) == #"{"timeout":"15mins"}"#)
        #expect(try JSONDecoder().decode(Config.self, from: data) == Config(timeout: .minutes(15)))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Config.self, from: Data(#"{"timeout":"5"}"#.utf8)) }
    }
}
