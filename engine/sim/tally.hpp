#pragma once
// The accumulator: integer counts and histograms only, so that merging is exact addition and the
// result is the same whatever order blocks finish in. Floating-point summaries are computed once,
// at the end (sim/summary.hpp). Aligned to a cache line so that workers' tallies never share one.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/list_tier.hpp"
#include "engine/sim/draw.hpp"

namespace seatsim::sim {

// Shares of the threshold base are binned in steps of 1 / kShareBins (0.01 percentage points).
inline constexpr std::int64_t kShareBins = 10'000;

// Shares of the valid vote, for their distributions, are binned in steps of 1 / kShareDensityBins
// (0.1 percentage points): fine enough for a density plot, and 8 KiB per option whatever the draws.
inline constexpr std::int64_t kShareDensityBins = 1'000;

// The coalition lines: a majority, more than half of the house, and two thirds of it, rounded up.
struct CoalitionLines {
  int majority = 0;
  int two_thirds = 0;
};
constexpr CoalitionLines coalition_lines(int house_size) {
  return {.majority = house_size / 2 + 1, .two_thirds = (2 * house_size + 2) / 3};
}

struct Tally;

// Counts one block's distinct coalition seat vectors and, at the block's end, every coalition's
// reach into a tally: each distinct vector once, with its multiplicity. The vectors are found in an
// open-addressing hash table (linear probing) sized once for kBlockSize rows, so adding a draw
// never allocates and costs a hash and a probe or two; the work at the end is (distinct vectors) x
// 2^parties additions, however many draws there are.
class CoalitionCounter {
 public:
  CoalitionCounter() = default;
  CoalitionCounter(std::size_t parties, std::size_t capacity);

  // The seats of the coalition parties in this draw, in their order, and the draw's house (which
  // overhang or levelling can grow): a coalition's majority is of its own draw's house.
  void add(std::span<const int> seats, int house);
  // Counts the buffered draws into `tally` and empties the buffer.
  void flush(Tally& tally);

 private:
  std::size_t parties_ = 0;
  std::size_t rows_ = 0;                         // distinct seat vectors so far in this block
  std::vector<std::uint16_t> seats_;             // [row * parties_ + i]: the distinct vectors
  std::vector<std::int32_t> houses_;             // [row]: their house
  std::vector<std::uint32_t> draws_;             // [row]: how many draws had that vector
  std::vector<std::uint32_t> slots_;             // hash table: row + 1, or 0 when empty
  std::vector<std::int32_t> subset_seats_;       // [mask]: seats of the coalition `mask`
  std::vector<std::uint32_t> block_majority_;    // [mask]: this block's draws reaching a majority
  std::vector<std::uint32_t> block_two_thirds_;  // [mask]: ... and two thirds
};

struct alignas(64) Tally {
  Tally() = default;
  // `coalition_parties`: the seat-winning options, whose subsets are counted as coalitions (0 when
  // there are more than kMaxCoalitionParties); `list_parties`: parties with a list (0 without a
  // list tier); `regions`: multi-member list districts (0 without them).
  Tally(std::size_t options, std::size_t share_lines, int list_seats, int district_seats,
        std::size_t coalition_parties, std::size_t list_parties, std::size_t blocs = 0,
        std::size_t regions = 0);
  // The empty tally of a scenario's draws.
  explicit Tally(const BallotLayout& layout);

  // Counts one draw. A block's coalitions are counted at its end: call end_block() after its last
  // draw, before the tally is merged or read.
  void add(const Draw& draw);
  void end_block() { coalitions_.flush(*this); }

  // Views of the counts, per option (ballot order) or per party (list order); the only place the
  // counts' index layout is written.
  std::span<const std::uint64_t> share_line_hits_of(std::size_t option) const {
    return std::span(share_line_hits).subspan(option * share_lines, share_lines);
  }
  std::span<const std::uint64_t> share_bins(std::size_t option) const {
    return std::span(share_histogram)
        .subspan(option * (kShareDensityBins + 1), kShareDensityBins + 1);
  }
  std::span<const std::uint64_t> list_seat_histogram(std::size_t option) const {
    return std::span(list_histogram).subspan(option * (list_seats + 1), list_seats + 1);
  }
  std::span<const std::uint64_t> district_seat_histogram(std::size_t option) const {
    return std::span(district_histogram).subspan(option * (district_seats + 1), district_seats + 1);
  }
  std::span<const std::uint64_t> total_seat_histogram(std::size_t option) const {
    return std::span(total_histogram).subspan(option * (house_size + 1), house_size + 1);
  }
  std::uint64_t seat_product(std::size_t a, std::size_t b) const {
    return seat_products[std::min(a, b) * options + std::max(a, b)];
  }
  // Per district (single-member, in scenario order): the draws each option won it, [option].
  std::span<const std::uint64_t> district_win_counts(std::size_t district) const {
    return std::span(district_wins).subspan(district * options, options);
  }
  std::span<const std::uint64_t> bloc_seat_histogram(std::size_t bloc) const {
    return std::span(bloc_histogram).subspan(bloc * (house_size + 1), house_size + 1);
  }
  std::span<const std::uint64_t> threshold_share_bins(std::size_t party) const {
    return std::span(threshold_share_histogram).subspan(party * (kShareBins + 1), kShareBins + 1);
  }
  std::span<const std::uint64_t> house_sizes() const { return house_histogram; }
  // Per list district (scenario order): each party's counts, [party] in list order.
  std::span<const std::uint64_t> region_seat_sums(std::size_t region) const {
    return region_slice(region_seat_sum, region);
  }
  std::span<const std::uint64_t> region_seat_square_sums(std::size_t region) const {
    return region_slice(region_seat_squares, region);
  }
  std::span<const std::uint64_t> region_any_seat_draws(std::size_t region) const {
    return region_slice(region_any_seat, region);
  }
  std::span<const std::uint64_t> next_seat_bins(std::size_t party) const {
    return std::span(next_seat_histogram).subspan(party * (kShareBins + 1), kShareBins + 1);
  }

  void merge(const Tally& other);
  // Sets every count to 0, keeping the shape (and the memory).
  void clear();

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
    field(tallies.share_histogram...);
    field(tallies.largest...);
    field(tallies.tie_for_largest...);
    field(tallies.list_histogram...);
    field(tallies.district_histogram...);
    field(tallies.district_wins...);
    field(tallies.total_histogram...);
    field(tallies.list_ties...);
    field(tallies.list_unfilled...);
    field(tallies.vote_sum...);
    field(tallies.seat_products...);
    field(tallies.coalition_majority...);
    field(tallies.coalition_two_thirds...);
    field(tallies.bloc_histogram...);
    field(tallies.bloc_majority...);
    field(tallies.bloc_two_thirds...);
    field(tallies.threshold_share_histogram...);
    field(tallies.next_seat_draws...);
    field(tallies.next_seat_histogram...);
    field(tallies.next_seat_sum...);
    field(tallies.next_seat_sum_squares...);
    field(tallies.house_histogram...);
    field(tallies.bonus_seats...);
    field(tallies.bonus_draws...);
    field(tallies.overhang_seats...);
    field(tallies.levelling_seats...);
    field(tallies.unseated...);
    field(tallies.option_overhang...);
    field(tallies.region_seat_sum...);
    field(tallies.region_seat_squares...);
    field(tallies.region_any_seat...);
  }

  std::size_t options = 0;
  std::size_t share_lines = 0;
  int list_seats = 0;
  int district_seats = 0;
  int house_size = 0;
  std::size_t regions = 0;  // multi-member list districts

  std::uint64_t draws = 0;
  std::vector<std::uint64_t> passed;           // [option]: passed the list threshold
  std::vector<std::uint64_t> share_line_hits;  // [option * share_lines + line]
  // [option * (kShareDensityBins + 1) + bin]: list-ballot options' draws with a share of the valid
  // vote in [bin, bin + 1) / kShareDensityBins; the last bin holds a share of 1.
  std::vector<std::uint64_t> share_histogram;
  std::vector<std::uint64_t> largest;             // [option]: strictly the most seats
  std::uint64_t tie_for_largest = 0;              // two or more options share the most seats
  std::vector<std::uint64_t> list_histogram;      // [option * (list_seats + 1) + seats]
  std::vector<std::uint64_t> district_histogram;  // [option * (district_seats + 1) + seats]
  std::vector<std::uint64_t> total_histogram;     // [option * (house_size + 1) + seats]
  std::vector<std::uint64_t> district_wins;       // [district * options + option]: draws won
  std::uint64_t list_ties = 0;      // draws whose last list seat was decided by the tie policy
  std::uint64_t list_unfilled = 0;  // draws in which no list passed the threshold
  // Sum over draws of each option's list votes, in units of 1 / kVotesPerDraw of the valid vote.
  // 128 bits: 2^32 per draw overflows 64 bits after 2^32 draws.
  std::vector<rules::WideUint> vote_sum;
  // [a * options + b], a <= b: sum over draws of seats_a * seats_b (total seats), so covariances
  // and correlations of seat totals are exact integer sums; the diagonal gives sums of squares.
  std::vector<std::uint64_t> seat_products;
  // [mask]: draws in which the coalition's members (bit i: the i-th seat-winning option) together
  // hold at least the majority, and at least two thirds, of the house.
  std::size_t coalition_parties = 0;
  std::vector<std::uint64_t> coalition_majority;
  std::vector<std::uint64_t> coalition_two_thirds;
  // Per bloc (Questions::blocs): [bloc * (house_size + 1) + seats], draws in which its members
  // together hold that many seats; [bloc], draws in which they hold at least the majority, and at
  // least two thirds, of that draw's house, as coalitions do.
  std::vector<std::uint64_t> bloc_histogram;
  std::vector<std::uint64_t> bloc_majority;
  std::vector<std::uint64_t> bloc_two_thirds;
  // [party * (kShareBins + 1) + bin]: draws whose share of the threshold base is in
  // [bin, bin + 1) / kShareBins; parties are counted in list order.
  std::vector<std::uint64_t> threshold_share_histogram;
  // The votes each party needs for its next list seat (rules/next_seat.hpp) as a share of the valid
  // vote, on the sampled draws (kNextSeatStride, sim/runner.hpp). Parties are in list order; a draw
  // in which a party has no next seat is not counted for it.
  std::uint64_t next_seat_draws = 0;  // draws sampled
  // [party * (kShareBins + 1) + bin]: the share in [bin, bin + 1) / kShareBins; the last bin holds
  // shares of 1 (the whole valid vote) or more.
  std::vector<std::uint64_t> next_seat_histogram;
  // [party]: sums of the share and of its square, the share in units of 2^-32 of the valid vote.
  std::vector<rules::WideUint> next_seat_sum;
  std::vector<rules::WideUint> next_seat_sum_squares;
  // [house]: draws whose house had that many seats (overhang and levelling grow it, seats not
  // seated under overhang = "not-seated" shrink it).
  std::vector<std::uint64_t> house_histogram;
  // [option]: the majority bonus, the sum over draws of the seats it gave the option, and the
  // draws in which it took it.
  std::vector<std::uint64_t> bonus_seats;
  std::vector<std::uint64_t> bonus_draws;
  // Sums over draws of the seats kept as overhang, added by levelling, and won in districts but not
  // seated (rules::MixedOutcome).
  std::uint64_t overhang_seats = 0;
  std::uint64_t levelling_seats = 0;
  std::uint64_t unseated = 0;
  // [option]: the sum over draws of the overhang seats the option kept (Draw::party_overhang); over
  // the options, overhang_seats.
  std::vector<std::uint64_t> option_overhang;
  // Multi-member list districts, [region * list parties + party]: sums over draws of the party's
  // seats in the district and of their squares (at most kMaxSeats^2 a draw), and the draws in which
  // it won at least one there. Empty without list districts.
  std::vector<std::uint64_t> region_seat_sum;
  std::vector<std::uint64_t> region_seat_squares;
  std::vector<std::uint64_t> region_any_seat;

 private:
  std::span<const std::uint64_t> region_slice(const std::vector<std::uint64_t>& counts,
                                              std::size_t region) const {
    const std::size_t parties = regions > 0 ? counts.size() / regions : 0;
    return std::span(counts).subspan(region * parties, parties);
  }
  void add_regions(const Draw& draw);
  void add_list_tier(const Draw& draw);
  void add_next_seat(const Draw& draw);
  void add_seats(const Draw& draw);
  void add_blocs(const Draw& draw);
  void add_house(const Draw& draw);

  // Scratch, not a count: this block's coalition seat vectors until end_block().
  CoalitionCounter coalitions_;
  std::vector<int> coalition_seats_;  // per coalition party, this draw
};

}  // namespace seatsim::sim
