#pragma once
// One draw of an election, written once: the generator draws the vote (model/), the electoral
// system allocates it (rules/), and an accumulator given to the loop counts it. The plain tally,
// the importance-weighted tally, the saved-draw records, the replayed draw and the phase profile
// are all accumulators of the same draws (the path generator, pricer and accumulator of QuantLib's
// Monte Carlo framework).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/model/national_model.hpp"
#include "engine/model/vote_model.hpp"
#include "engine/rng/lane_streams.hpp"
#include "engine/rng/stream.hpp"
#include "engine/rules/electoral_system.hpp"
#include "engine/sim/scenario.hpp"

namespace seatsim::sim {

struct Tilt;

// Draws are cut into fixed blocks of kBlockSize; block b draws from its own streams
// Rng(seed, b, purpose), so a result depends on the seed and the number of draws only.
inline constexpr std::uint64_t kBlockSize = 4096;

// The votes needed for the next list seat cost about 30 allocations per party, so they are found on
// every kNextSeatStride-th draw only: draws 0, 1024, 2048, ... of the run, the same subsample on
// any thread count (a block is a whole number of strides). Every 256th draw cost about 75 ns per
// draw on the default scenario and bench/reference.toml, 11% and 16% of a one-thread run; every
// 1024th costs a quarter of that, for twice the standard error: a million draws still sample 976.
inline constexpr std::uint64_t kNextSeatStride = 1024;
static_assert(kBlockSize % kNextSeatStride == 0);

// Simulated shares become integer votes out of 2^32 valid votes, so the same exact rules that
// allocate official counts allocate each draw; the rounding moves a share by at most 2^-33.
inline constexpr double kVotesPerDraw = 4294967296.0;

// Every coalition (subset) of the seat-winning options is counted when there are at most this many:
// 2^16 coalitions, two counters each, 1 MiB per tally. With more, coalitions are not counted.
inline constexpr std::size_t kMaxCoalitionParties = 16;

// Where each option sits on each ballot, built once per scenario: the one place that converts
// option indices, list-ballot positions and party (list) positions, and the shape of a tally.
struct BallotLayout {
  explicit BallotLayout(const Scenario& scenario);

  std::size_t options = 0;
  std::vector<int> list_ballot_options;  // list-ballot position -> option
  std::vector<int> party_options;        // party (list) position -> option
  std::vector<int> party_of_option;      // option -> party position, or -1
  // The seat-winning options, whose subsets are counted as coalitions; none when there are more
  // than kMaxCoalitionParties (2^P coalitions would not stay small).
  std::vector<int> coalition_options;
  std::vector<double> share_lines;  // Questions::share_lines
  // Questions::blocs: each bloc's members (option indices).
  std::vector<std::vector<int>> blocs;
  bool list_tier = false;  // a national list tier, or multi-member list districts
  bool district_tier = false;
  std::size_t regions = 0;             // multi-member list districts
  bool regional_compensation = false;  // they compensate for their regions' districts
  // Histogram widths: the most list seats (those of list districts included), district seats and
  // seats an option can hold in a draw (above the house's list seats and size under
  // compensatory: Scenario::seat_bound).
  int list_seats = 0;
  int district_seats = 0;
  int house_size = 0;
};

// The electoral system of a validated scenario: its list tier (with its exemptions) and its
// districts, combined in parallel or compensatory.
rules::ElectoralSystem electoral_system(const Scenario& scenario);

// One draw in full. Sized once per generator, refilled by every draw: no allocation per draw.
struct Draw {
  explicit Draw(const BallotLayout& layout, std::size_t districts);

  // This draw's list ballot: the parties' votes, the other valid and invalid votes, the lots and
  // the district seats.
  rules::ListBallot ballot() const;
  // This draw's votes in the multi-member list districts (empty without them).
  rules::RegionalBallot regional_ballot() const {
    return {.votes = region_votes,
            .other_valid = region_other_valid,
            .invalid = region_invalid,
            .district_seats = region_district_seats};
  }

  const BallotLayout* layout;
  std::uint64_t index = 0;  // in its block
  double weight = 1.0;      // importance weight (sim/importance.hpp); 1 under the scenario's model
  std::vector<double> shares;              // per list-ballot position, of the valid vote
  std::vector<rules::Votes> ballot_votes;  // per list-ballot position, out of kVotesPerDraw
  std::vector<rules::Votes> list_votes;    // per party
  rules::Votes other_valid = 0;            // valid votes for no list ("against all")
  rules::Votes invalid = 0;
  std::vector<std::uint64_t> lots;          // per party, under ties = "by_lot"
  std::vector<int> district_winners;        // per district, an option index
  std::vector<int> district_seats;          // per option
  std::vector<int> party_district_seats;    // per party
  std::vector<rules::Admission> admission;  // per party, with a list tier
  std::vector<int> list_seats;              // per party, list districts' seats included
  // Multi-member list districts: shares [district * list-ballot positions + position], votes and
  // seats [district * parties + party], other valid and invalid votes [district].
  std::vector<double> region_shares;
  std::vector<rules::Votes> region_votes;
  std::vector<rules::Votes> region_other_valid;
  std::vector<rules::Votes> region_invalid;
  std::vector<int> region_seats;
  // Under regional compensation, [district * parties + party]: the single-member seats the party
  // won in the list district's region; empty otherwise.
  std::vector<int> region_district_seats;
  std::vector<int> party_seats;  // per party, list and district seats
  std::vector<int> seats;        // per option, all tiers
  // Per party under compensatory: its seats kept above its proportional share (overhang).
  std::vector<int> party_overhang;
  rules::MixedOutcome outcome;
  rules::Votes threshold_base = 0;  // with a list tier
  // On every kNextSeatStride-th draw with a list tier: per party, the votes for its next seat.
  bool next_seat_sampled = false;
  std::vector<std::optional<rules::Votes>> next_seat;
};

// The phases of a draw, for the profile: an accumulator with mark(Phase) hears each one end.
enum class Phase { start, vote, districts, allocation, count };

// The generator and pricer: draws the national vote (from the scenario's model, or from the
// defensive mixture of a tilt), the invalid share, the lots and the district winners, and
// allocates the seats. One per worker thread; copies of the models and the draw's buffers.
class DrawGenerator {
 public:
  // `tilt`: draw the national vote from its defensive mixture and weight each draw back (it must
  // outlive the generator); none: the scenario's own model.
  DrawGenerator(const Scenario& scenario, const BallotLayout& layout,
                const rules::ElectoralSystem& system, const Tilt* tilt = nullptr);

  // Draws `count` draws of block `block` of a run with `seed`, giving each to `accumulator.add`;
  // then calls accumulator.end_block() if it has one. The one draw loop.
  template <class Accumulator>
  void draw_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count,
                  Accumulator& accumulator) {
    BlockStreams streams(seed, block);
    constexpr bool profiled = requires {
      accumulator.mark(Phase::start);
    };
    for (std::uint64_t i = 0; i < count; ++i) {
      if constexpr (profiled) accumulator.mark(Phase::start);
      draw_vote(streams, i);
      if constexpr (profiled) accumulator.mark(Phase::vote);
      draw_districts(streams);
      draw_regions(streams);
      if constexpr (profiled) accumulator.mark(Phase::districts);
      allocate();
      if constexpr (profiled) accumulator.mark(Phase::allocation);
      accumulator.add(draw_);
      if constexpr (profiled) accumulator.mark(Phase::count);
    }
    if constexpr (requires { accumulator.end_block(); }) accumulator.end_block();
  }

 private:
  // One block's random streams, one per purpose (rng/stream.hpp).
  struct BlockStreams {
    BlockStreams(std::uint64_t seed, std::uint64_t block);
    rng::Rng national;
    rng::LaneStreams district, list_district;
    rng::Rng regional, invalid, lots;
  };

  void draw_vote(BlockStreams& streams, std::uint64_t index);
  void count_votes();
  void draw_districts(BlockStreams& streams);
  void draw_regions(BlockStreams& streams);
  void allocate();

  const rules::ElectoralSystem& system_;
  const Tilt* tilt_;
  model::NationalModel national_model_;
  model::InvalidShareModel invalid_model_;
  std::optional<model::DirichletModel> proposal_model_;  // the tilt's
  std::optional<model::DistrictModel> district_model_;
  std::optional<model::DistrictModel> regional_model_;  // multi-member list districts' votes
  std::vector<double> region_weight_;                   // per list district, of the valid vote
  std::vector<int> district_region_;  // RegionalTier::district_region (regional compensation)
  std::vector<double> swing_;         // the district model's scratch
  Draw draw_;
};

}  // namespace seatsim::sim
