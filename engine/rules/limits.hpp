#pragma once
// The limits on the size of a scenario, each stated once. The readers (scenario/) refuse input
// beyond them, with its location, and the rest of the engine relies on them: the rules size their
// stack scratch by kMaxOptions and keep their products exact within kMaxVotes and kMaxSeats, and a
// checkpoint reads back only tallies within them, so every scenario that loads can also resume.
// Each is far above any real election; they keep a hostile file from exhausting memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace seatsim::rules {

// The most options a ballot may carry, and so the most lists the runner-up rule can admit.
inline constexpr int kMaxOptions = 64;

// The largest count any input may give one list, "other valid" or "invalid": 2^40, over a thousand
// times any real electorate. A total of at most kMaxOptions + 2 counts stays below 2^47 in a 64-bit
// count, and the widest product the rules form, votes^2 * s(s + 1) (Huntington-Hill, divisor.cpp)
// with s <= kMaxSeats, below 2^107 in 128 bits (tests/rules/vote_arithmetic_test.cpp checks these).
inline constexpr std::int64_t kMaxVotes = std::int64_t{1} << 40;

// Seats in a whole house, and so in any one tier.
inline constexpr int kMaxSeats = 10'000;

// Single-member districts in a district tier.
inline constexpr int kMaxDistricts = 10'000;

// Lines of [report] share_lines, each counted per option in the tally.
inline constexpr std::size_t kMaxShareLines = 1'000;

// The highest list threshold, in parts per billion: thresholds are held exactly in billionths
// (list_tier.hpp), so a share nearer 1 than 0.999999999 would round to 100% and admit no list.
inline constexpr std::int64_t kMaxThresholdPartsPerBillion = 999'999'999;
inline constexpr std::string_view kThresholdPrecision =
    "a threshold is held to nine decimal places and must stay below 1: at most 0.999999999";

// Blocs in [report.blocs], each a seat histogram of the house in the tally.
inline constexpr std::size_t kMaxBlocs = 64;

// Points on one sweep axis, and in a whole sweep grid.
inline constexpr std::size_t kMaxSweepPoints = 10'000;

// Characters in an option id.
inline constexpr std::size_t kMaxIdLength = 64;

}  // namespace seatsim::rules
