#pragma once
// The accumulator: integer counts and histograms only, so that merging is exact addition and the
// result is the same whatever order blocks finish in. Floating-point summaries are computed once,
// at the end (sim/summary.hpp). Aligned to a cache line so that workers' tallies never share one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/list_tier.hpp"

namespace seatsim::sim {

// Simulated shares become integer votes out of 2^32 valid votes, so the same exact rules that
// allocate official counts allocate each draw; the rounding moves a share by at most 2^-33.
inline constexpr double kVotesPerDraw = 4294967296.0;

struct alignas(64) Tally {
  Tally() = default;
  Tally(std::size_t options, std::size_t share_lines, int list_seats, int district_seats);

  void merge(const Tally& other);

  // The tally as bytes, for checkpoints and for reducing tallies across processes: the shape, then
  // every count (little-endian). from_bytes reads them back, throwing std::runtime_error if the
  // bytes are not a whole tally; the caller names the file they came from.
  std::string to_bytes() const;
  static Tally from_bytes(std::string_view bytes);

  // Calls `field(a.f, b.f, ...)` for every count f of the tallies: the one list of counts that
  // merge, to_bytes and from_bytes go through, so a count added here is merged, checkpointed and
  // reduced, and one left out is none of them (tests/fault/checkpoint-test.sh compares the full
  // result of a resumed run with an uninterrupted one).
  template <class Field, class... Tallies>
  static void for_each_count(Field&& field, Tallies&... tallies) {
    field(tallies.draws...);
    field(tallies.passed...);
    field(tallies.share_line_hits...);
    field(tallies.largest...);
    field(tallies.tie_for_largest...);
    field(tallies.list_histogram...);
    field(tallies.district_histogram...);
    field(tallies.total_histogram...);
    field(tallies.list_ties...);
    field(tallies.list_unfilled...);
    field(tallies.vote_sum...);
  }

  std::size_t options = 0;
  std::size_t share_lines = 0;
  int list_seats = 0;
  int district_seats = 0;
  int house_size = 0;

  std::uint64_t draws = 0;
  std::vector<std::uint64_t> passed;              // [option]: passed the list threshold
  std::vector<std::uint64_t> share_line_hits;     // [option * share_lines + line]
  std::vector<std::uint64_t> largest;             // [option]: strictly the most seats
  std::uint64_t tie_for_largest = 0;              // two or more options share the most seats
  std::vector<std::uint64_t> list_histogram;      // [option * (list_seats + 1) + seats]
  std::vector<std::uint64_t> district_histogram;  // [option * (district_seats + 1) + seats]
  std::vector<std::uint64_t> total_histogram;     // [option * (house_size + 1) + seats]
  std::uint64_t list_ties = 0;      // draws whose last list seat was decided by the tie policy
  std::uint64_t list_unfilled = 0;  // draws in which no list passed the threshold
  // Sum over draws of each option's list votes, in units of 1 / kVotesPerDraw of the valid vote.
  // 128 bits: 2^32 per draw overflows 64 bits after 2^32 draws.
  std::vector<rules::WideUint> vote_sum;
};

}  // namespace seatsim::sim
