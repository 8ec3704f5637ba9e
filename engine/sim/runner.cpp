#include "engine/sim/runner.hpp"

#include "engine/sim/little_endian.hpp"
#include "engine/sim/summary.hpp"

#include "engine/rules/next_seat.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <chrono>
#include <cmath>
#include <optional>

namespace seatsim::sim {
namespace {

using model::OptionKind;
using Clock = std::chrono::steady_clock;

// The number of draws in block `block` of a run of `draws`: kBlockSize, or fewer in the last.
std::uint64_t block_draws(std::uint64_t draws, std::uint64_t block) {
  return std::min(kBlockSize, draws - block * kBlockSize);
}

// floor(n / d), exactly, for n below 2^53 and d > 0, given inverse = 1.0 / d: the double
// estimate is within 2^-38 of n / d for quotients below 2^14, so it is off by at most one either
// way, and the integer checks correct it. A 64-bit division per party per draw cost a fifth of
// the tally.
std::uint64_t floor_quotient(std::uint64_t n, std::uint64_t d, double inverse) {
  auto q = static_cast<std::uint64_t>(static_cast<double>(n) * inverse);
  if (q * d > n) {
    --q;
  } else if ((q + 1) * d <= n) {
    ++q;
  }
  return q;
}

// With a target standard error, the first round: 64 blocks, about a quarter of a million draws.
constexpr std::uint64_t kFirstRoundBlocks = 64;
// Wall time of one slice of blocks between calls to the RunControl.
constexpr double kSliceSeconds = 0.25;
// With --save-draws, slices of at most this many blocks: a bounded buffer of records (about 25 MB
// for 10 options), written out after each slice.
constexpr std::uint64_t kMaxRecordBlocks = 64;

std::size_t party_count(const Scenario& scenario) {
  return static_cast<std::size_t>(std::count_if(
      scenario.options.begin(), scenario.options.end(),
      [](const model::BallotOption& option) { return option.kind == OptionKind::party; }));
}

// The options whose subsets are counted as coalitions: every seat-winning option, or none when
// there are more than kMaxCoalitionParties (2^P coalitions would not stay small).
std::vector<int> coalition_options(const Scenario& scenario) {
  std::vector<int> options;
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (model::wins_seats(scenario.options[k].kind)) options.push_back(static_cast<int>(k));
  }
  if (options.size() > kMaxCoalitionParties) options.clear();
  return options;
}

// One block's random streams, one per purpose (rng/stream.hpp).
struct BlockStreams {
  BlockStreams(std::uint64_t seed, std::uint64_t block)
      : national(rng::make_stream(seed, block, rng::Purpose::national_vote)),
        district(rng::LaneStreams(rng::make_stream(seed, block, rng::Purpose::district_noise))),
        regional(rng::make_stream(seed, block, rng::Purpose::regional_swing)),
        invalid(rng::make_stream(seed, block, rng::Purpose::invalid_ballots)) {}
  rng::Rng national;
  rng::LaneStreams district;
  rng::Rng regional, invalid;
};

// Per-worker state: copies of the models and scratch buffers, sized once and reused for every draw.
// One draw is four phases, kept apart as generator, evaluator and accumulator: draw the national
// vote, draw the district winners, allocate the seats (pure rules), and count them into the tally.
class Worker {
 public:
  explicit Worker(const Scenario& scenario)
      : scenario_(scenario),
        national_model_(scenario.vote),
        invalid_model_(scenario.invalid_share, scenario.invalid_sd),
        buffers_(scenario.vote.mean.size(), static_cast<std::size_t>(scenario.district_seats())),
        ballot_votes_(scenario.vote.mean.size()),
        list_votes_(party_count(scenario)),
        list_seats_(party_count(scenario)),
        admission_(party_count(scenario)),
        seats_(scenario.options.size()),
        district_won_(scenario.options.size()),
        coalition_options_(coalition_options(scenario)),
        coalition_seats_(coalition_options_.size()),
        coalitions_(coalition_options_.size(), kBlockSize, coalition_lines(scenario.house_size())) {
    if (scenario.district_tier) {
      district_model_.emplace(*scenario.district_tier, scenario.options);
    }
    invalid_votes_ = invalid_votes(scenario.invalid_share);
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      const auto kind = scenario.options[k].kind;
      if (model::on_list_ballot(kind)) list_ballot_options_.push_back(static_cast<int>(k));
      if (kind == OptionKind::party) party_options_.push_back(static_cast<int>(k));
    }
  }

  // `records`: where to store each draw's record (draw_record_size bytes each), or nullptr.
  void run_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count, Tally& tally,
                 unsigned char* records) {
    BlockStreams streams(seed, block);
    for (std::uint64_t i = 0; i < count; ++i) {
      draw_national(streams.national, streams.invalid);
      draw_districts(streams);
      allocate();
      record(tally, i);
      if (records) store_record(records + i * draw_record_size(scenario_));
    }
    coalitions_.flush(tally);
  }

  // run_block's draws with the national vote from the defensive mixture of the scenario's model
  // and the tilted one, each counted with its importance weight (sim/importance.hpp).
  void run_block_weighted(std::uint64_t seed, std::uint64_t block, std::uint64_t count,
                          const Tilt& tilt, WeightedTally& tally) {
    BlockStreams streams(seed, block);
    if (!proposal_model_) proposal_model_.emplace(tilt.proposal);
    for (std::uint64_t i = 0; i < count; ++i) {
      const bool own = rng::uniform01(streams.national) < Tilt::kDefensive;
      // make_tilt accepts only the plain Dirichlet model, whose draws these are when `own`.
      if (own) {
        national_model_.draw(streams.national, buffers_.national);
      } else {
        proposal_model_->draw(streams.national, buffers_.national);
      }
      count_votes();
      draw_districts(streams);
      allocate();
      record_weighted(tally, tilt.weight(buffers_.national));
    }
  }

  // Draws `draw` of the run and the ones before it in its block, and returns it in full.
  DrawRecord replay(std::uint64_t seed, std::uint64_t draw) {
    const std::uint64_t block = draw / kBlockSize;
    BlockStreams streams(seed, block);
    for (std::uint64_t i = block * kBlockSize; i <= draw; ++i) {
      draw_national(streams.national, streams.invalid);
      draw_districts(streams);
      allocate();
    }
    DrawRecord record;
    record.draw = draw;
    record.national = buffers_.national;
    record.seats = seats_;
    if (scenario_.list_tier) {
      record.admission = admission_;
      record.list_seats.assign(seats_.size(), 0);
      for (std::size_t p = 0; p < party_options_.size(); ++p) {
        record.list_seats[party_options_[p]] = list_seats_[p];
      }
    }
    if (district_model_) record.district_winners = buffers_.winners;
    return record;
  }

  // The same draws as run_block, with the time of each phase added to `phases`.
  void profile_block(std::uint64_t seed, std::uint64_t block, std::uint64_t count, Tally& tally,
                     PhaseTimes& phases) {
    BlockStreams streams(seed, block);
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto t0 = Clock::now();
      draw_national(streams.national, streams.invalid);
      const auto t1 = Clock::now();
      draw_districts(streams);
      const auto t2 = Clock::now();
      allocate();
      const auto t3 = Clock::now();
      record(tally, i);
      const auto t4 = Clock::now();
      phases.vote_draw += std::chrono::duration<double>(t1 - t0).count();
      phases.district_draw += std::chrono::duration<double>(t2 - t1).count();
      phases.allocation += std::chrono::duration<double>(t3 - t2).count();
      phases.tally += std::chrono::duration<double>(t4 - t3).count();
    }
    const auto t0 = Clock::now();
    coalitions_.flush(tally);
    phases.tally += std::chrono::duration<double>(Clock::now() - t0).count();
  }

 private:
  // Invalid ballots, as votes beside the kVotesPerDraw valid ones.
  // A drawn share above kMaxInvalidShare (far out in a logit-normal tail) counts as that cap.
  static rules::Votes invalid_votes(double invalid_share) {
    const double share = std::min(invalid_share, kMaxInvalidShare);
    return std::llround(share / (1.0 - share) * kVotesPerDraw);
  }

  // National shares, and the votes they stand for. The invalid share has its own stream, so that
  // making it random never shifts the shares' draws.
  void draw_national(rng::Rng& engine, rng::Rng& invalid_engine) {
    national_model_.draw(engine, buffers_.national);
    if (invalid_model_.random())
      invalid_votes_ = invalid_votes(invalid_model_.draw(invalid_engine));
    count_votes();
  }

  // The votes the national shares stand for.
  void count_votes() {
    other_valid_ = 0;
    std::size_t party = 0;
    for (std::size_t j = 0; j < list_ballot_options_.size(); ++j) {
      // Rounded half up, as llround does for these non-negative values: the product is below 2^33,
      // so adding 0.5 is exact and the conversion truncates. llround is a library call.
      const auto votes = static_cast<rules::Votes>(buffers_.national[j] * kVotesPerDraw + 0.5);
      ballot_votes_[j] = votes;
      if (scenario_.options[list_ballot_options_[j]].kind == OptionKind::party) {
        list_votes_[party++] = votes;
      } else {
        other_valid_ += votes;
      }
    }
  }

  void draw_districts(BlockStreams& streams) {
    if (!district_model_) return;
    district_model_->draw(streams.district, streams.regional, buffers_.national, buffers_.swing,
                          buffers_.winners);
  }

  // The seats of this draw, per option, from the pure rules.
  void allocate() {
    std::fill(seats_.begin(), seats_.end(), 0);
    if (scenario_.list_tier) {
      const rules::ListBallot ballot = list_ballot();
      list_outcome_ = rules::allocate_list(*scenario_.list_tier, ballot, list_seats_, admission_);
      threshold_base_ = rules::threshold_base_votes(ballot, scenario_.list_tier->threshold.base);
      for (std::size_t p = 0; p < party_options_.size(); ++p) {
        seats_[party_options_[p]] = list_seats_[p];
      }
    }
    if (district_model_) {
      std::fill(district_won_.begin(), district_won_.end(), 0);
      for (const int winner : buffers_.winners) ++district_won_[winner];
      for (std::size_t k = 0; k < seats_.size(); ++k) seats_[k] += district_won_[k];
    }
  }

  // This draw's list ballot: the parties' votes, with the other valid and the invalid votes.
  rules::ListBallot list_ballot() const {
    return {.lists = list_votes_, .other_valid = other_valid_, .invalid = invalid_votes_};
  }

  // Counts the draw; `draw_in_block` picks the draws that sample the votes for the next seat.
  void record(Tally& tally, std::uint64_t draw_in_block) {
    ++tally.draws;
    for (std::size_t j = 0; j < list_ballot_options_.size(); ++j) {
      const int option = list_ballot_options_[j];
      const double share = buffers_.national[j];
      tally.vote_sum[option] += static_cast<rules::WideUint>(ballot_votes_[j]);
      for (std::size_t line = 0; line < tally.share_lines; ++line) {
        tally.share_line_hits[option * tally.share_lines + line] +=
            share >= scenario_.questions.share_lines[line];
      }
    }
    if (scenario_.list_tier) {
      tally.list_ties += list_outcome_.tie_decided;
      tally.list_unfilled += list_outcome_.unfilled;
      // Exact: the bin is floor(votes * kShareBins / base) (votes are at most about 2^33, so
      // votes * kShareBins stays below 2^47).
      const auto base = static_cast<std::uint64_t>(threshold_base_);
      const double inverse_base = base > 0 ? 1.0 / static_cast<double>(base) : 0.0;
      for (std::size_t p = 0; p < party_options_.size(); ++p) {
        const int option = party_options_[p];
        tally.passed[option] += admission_[p] == rules::Admission::passed;
        ++tally.list_histogram[option * (tally.list_seats + 1) + list_seats_[p]];
        const std::uint64_t bin =
            base > 0 ? floor_quotient(static_cast<std::uint64_t>(list_votes_[p]) * kShareBins, base,
                                      inverse_base)
                     : 0;
        ++tally.threshold_share_histogram[p * (kShareBins + 1) + bin];
      }
      if (draw_in_block % kNextSeatStride == 0) record_next_seat(tally);
    }
    if (district_model_) {
      for (std::size_t k = 0; k < seats_.size(); ++k) {
        ++tally.district_histogram[k * (tally.district_seats + 1) + district_won_[k]];
      }
    }
    int most = -1;
    int leader = -1;
    int leaders = 0;
    for (std::size_t k = 0; k < seats_.size(); ++k) {
      ++tally.total_histogram[k * (tally.house_size + 1) + seats_[k]];
      if (seats_[k] > most) {
        most = seats_[k];
        leader = static_cast<int>(k);
        leaders = 1;
      } else if (seats_[k] == most) {
        ++leaders;
      }
    }
    if (leaders == 1) {
      ++tally.largest[leader];
    } else {
      ++tally.tie_for_largest;
    }
    // Through locals: a store through tally.seat_products[...] might, for all the compiler
    // knows, change the tally itself, which it would then reload for every product.
    std::uint64_t* const products = tally.seat_products.data();
    const std::size_t options = tally.options;
    for (std::size_t a = 0; a < seats_.size(); ++a) {
      if (seats_[a] == 0) continue;
      for (std::size_t b = a; b < seats_.size(); ++b) {
        products[a * options + b] +=
            static_cast<std::uint64_t>(seats_[a]) * static_cast<std::uint64_t>(seats_[b]);
      }
    }
    for (std::size_t i = 0; i < coalition_options_.size(); ++i) {
      coalition_seats_[i] = seats_[coalition_options_[i]];
    }
    coalitions_.add(coalition_seats_);
  }

  // Each party's votes needed for its next list seat, as a share of the valid vote: binned exactly
  // as floor(votes * kShareBins / valid) (at most about 2^42 * 2^14, within 64 bits), and summed in
  // units of 2^-32 (squares below 2^84, so 128-bit sums hold 2^43 sampled draws).
  void record_next_seat(Tally& tally) const {
    ++tally.next_seat_draws;
    const rules::ListBallot ballot = list_ballot();
    const auto valid = static_cast<std::uint64_t>(
        rules::threshold_base_votes(ballot, rules::ThresholdBase::valid));
    for (std::size_t p = 0; p < party_options_.size(); ++p) {
      const auto needed = rules::votes_for_next_seat(*scenario_.list_tier, ballot, p);
      if (!needed) continue;
      const auto votes = static_cast<std::uint64_t>(*needed);
      const std::uint64_t bin = std::min<std::uint64_t>(votes * kShareBins / valid, kShareBins);
      ++tally.next_seat_histogram[p * (kShareBins + 1) + bin];
      const rules::WideUint share = (static_cast<rules::WideUint>(votes) << 32) / valid;
      tally.next_seat_sum[p] += share;
      tally.next_seat_sum_squares[p] += share * share;
    }
  }

  // This draw in the layout of draw_record_size.
  void store_record(unsigned char* out) const {
    const std::size_t options = seats_.size();
    std::uint64_t passed = 0;
    for (std::size_t p = 0; p < party_options_.size(); ++p) {
      if (scenario_.list_tier && admission_[p] == rules::Admission::passed) {
        passed |= std::uint64_t{1} << party_options_[p];
      }
    }
    store_little_endian(out, passed);
    unsigned char* shares = out + 8;
    unsigned char* list = shares + 4 * options;
    unsigned char* district = list + 2 * options;
    for (std::size_t k = 0; k < options; ++k) {
      store_little_endian(shares + 4 * k, std::uint32_t{0});
      store_little_endian(district + 2 * k,
                          static_cast<std::uint16_t>(district_model_ ? district_won_[k] : 0));
      store_little_endian(list + 2 * k, static_cast<std::uint16_t>(
                                            seats_[k] - (district_model_ ? district_won_[k] : 0)));
    }
    for (std::size_t j = 0; j < list_ballot_options_.size(); ++j) {
      const auto share = static_cast<float>(buffers_.national[j]);
      store_little_endian(shares + 4 * list_ballot_options_[j],
                          std::bit_cast<std::uint32_t>(share));
    }
  }

  void record_weighted(WeightedTally& tally, double weight) const {
    ++tally.draws;
    tally.all.add(weight);
    for (std::size_t j = 0; j < list_ballot_options_.size(); ++j) {
      const int option = list_ballot_options_[j];
      for (std::size_t line = 0; line < tally.share_lines; ++line) {
        if (buffers_.national[j] >= scenario_.questions.share_lines[line]) {
          tally.share_line_hits[option * tally.share_lines + line].add(weight);
        }
      }
    }
    if (scenario_.list_tier) {
      for (std::size_t p = 0; p < party_options_.size(); ++p) {
        if (admission_[p] == rules::Admission::passed) tally.passed[party_options_[p]].add(weight);
      }
    }
    for (std::size_t k = 0; k < seats_.size(); ++k) {
      tally.total_histogram[k * (tally.house_size + 1) + seats_[k]].add(weight);
    }
  }

  const Scenario& scenario_;
  model::NationalModel national_model_;
  model::InvalidShareModel invalid_model_;
  std::optional<model::DirichletModel> proposal_model_;  // for run_block_weighted's tilted draws
  std::optional<model::DistrictModel> district_model_;
  model::DrawBuffers buffers_;
  std::vector<int> list_ballot_options_;    // list-ballot position -> option
  std::vector<int> party_options_;          // list position -> option
  std::vector<rules::Votes> ballot_votes_;  // per list-ballot option
  std::vector<rules::Votes> list_votes_;    // per party
  rules::Votes other_valid_ = 0;
  rules::Votes invalid_votes_ = 0;
  std::vector<int> list_seats_;
  std::vector<rules::Admission> admission_;
  rules::ListOutcome list_outcome_;
  std::vector<int> seats_;              // per option, this draw
  std::vector<int> district_won_;       // per option, this draw
  rules::Votes threshold_base_ = 0;     // this draw's threshold base, with a list tier
  std::vector<int> coalition_options_;  // coalition party -> option
  std::vector<int> coalition_seats_;    // per coalition party, this draw
  CoalitionCounter coalitions_;
};

}  // namespace

Tally empty_tally(const Scenario& scenario) {
  return Tally(scenario.options.size(), scenario.questions.share_lines.size(),
               scenario.list_seats(), scenario.district_seats(), coalition_options(scenario).size(),
               scenario.list_tier ? party_count(scenario) : 0);
}

namespace {

// The thread count to use: 0 means every core.
int thread_count(const RunOptions& options) {
  return options.threads > 0 ? options.threads : tbb::info::default_concurrency();
}

}  // namespace

RunResult run(const Scenario& scenario, const RunOptions& options, const RunControl& control) {
  const int threads = thread_count(options);
  const std::uint64_t total_blocks = (options.draws + kBlockSize - 1) / kBlockSize;
  const Tally empty = empty_tally(scenario);

  // The global limit lets an explicit --threads exceed the core count (TBB caps it there
  // otherwise), so that tests can show the result does not depend on it.
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  tbb::enumerable_thread_specific<Worker> workers([&] { return Worker(scenario); });

  // Blocks [first, last) into one tally; block b's streams depend only on (seed, b).
  // With on_draws, a slice's records go into one buffer sized once, block b's at its place from
  // the slice's first block, so they come out in draw order whichever thread drew them.
  const std::size_t record_size = draw_record_size(scenario);
  std::vector<unsigned char> records(control.on_draws ? kMaxRecordBlocks * kBlockSize * record_size
                                                      : 0);
  // Each thread counts its blocks into its own tally, and a slice's tallies are summed at its end.
  // The counts are integers, so the sum does not depend on which thread drew which block or on the
  // order the partial tallies are added in. (A tally per block, merged in a fixed tree, copied and
  // added a megabyte of histograms every 4096 draws: a quarter of the run time.)
  tbb::enumerable_thread_specific<Tally> partials(empty);
  auto run_blocks = [&](std::uint64_t first, std::uint64_t last) {
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, last, 1),
                        [&](const tbb::blocked_range<std::uint64_t>& range) {
                          Worker& worker = workers.local();
                          Tally& tally = partials.local();
                          for (std::uint64_t block = range.begin(); block != range.end(); ++block) {
                            worker.run_block(
                                options.seed, block, block_draws(options.draws, block), tally,
                                records.empty()
                                    ? nullptr
                                    : records.data() + (block - first) * kBlockSize * record_size);
                          }
                        });
    });
    Tally sum = empty;
    for (Tally& partial : partials) {
      sum.merge(partial);
      partial.clear();
    }
    return sum;
  };

  RunResult result{.tally = control.resume_from.value_or(empty)};
  assert(result.tally.draws <= options.draws);
  assert(result.tally.draws % kBlockSize == 0 || result.tally.draws == options.draws);
  const auto start = Clock::now();
  std::uint64_t done = (result.tally.draws + kBlockSize - 1) / kBlockSize;
  // The current target round ends at block `goal`; without a target there is one round of all the
  // blocks. Rounds are drawn in slices of about kSliceSeconds, so that the caller hears from the
  // run (progress, checkpoints, a stop request) a few times a second.
  const bool targeted = options.target_se > 0.0;
  std::uint64_t goal = targeted ? std::min(kFirstRoundBlocks, total_blocks) : total_blocks;
  // At the end of a target round: is the target met, and if not, where does the next round end?
  // A function of the merged tally alone, so a run resumed from a round's end decides as the
  // uninterrupted run did there.
  auto decide = [&] {
    const double se = largest_se(summarize(scenario, result.tally));
    if (se <= options.target_se) {
      result.target_met = true;
    } else if (done < total_blocks) {
      // SE scales as 1/sqrt(n): aim an eighth past the blocks the target needs, so that one more
      // round usually suffices.
      const double needed =
          static_cast<double>(done) * (se / options.target_se) * (se / options.target_se);
      const auto wanted = static_cast<std::uint64_t>(std::ceil(needed)) - done;
      goal = done + std::clamp<std::uint64_t>(wanted + wanted / 8 + 1, 1, total_blocks - done);
    }
  };
  // A resumed target run starts where a round ended (the only points it offers as resumable).
  if (targeted && done > 0) decide();
  const std::uint64_t rank = control.processes ? control.processes->rank() : 0;
  const std::uint64_t ranks = control.processes ? control.processes->size() : 1;
  auto agreed = [&](std::uint64_t value) {
    return control.processes ? control.processes->from_rank0(value) : value;
  };
  assert(!(control.on_draws && ranks > 1));
  // A slice gives every thread of every process two blocks at the least, so that none idles
  // however slow the draws; with records it fits their buffer.
  const std::uint64_t slice_cap = control.on_draws ? kMaxRecordBlocks : total_blocks;
  const std::uint64_t fewest =
      std::min<std::uint64_t>(2 * static_cast<std::uint64_t>(threads) * ranks, slice_cap);
  const std::uint64_t most =
      control.on_draws ? kMaxRecordBlocks : std::max<std::uint64_t>(total_blocks / 4, fewest);
  std::uint64_t slice = fewest;
  while (!result.target_met && done < total_blocks) {
    const auto slice_start = Clock::now();
    const std::uint64_t last = std::min(goal, done + slice);
    // This process's share of the slice: the ranks' shares are contiguous and in rank order.
    const std::uint64_t blocks = last - done;
    Tally part = run_blocks(done + blocks * rank / ranks, done + blocks * (rank + 1) / ranks);
    if (control.processes) control.processes->sum(part);
    result.tally.merge(part);
    if (control.on_draws) {
      const std::uint64_t drawn = std::min(last * kBlockSize, options.draws) - done * kBlockSize;
      control.on_draws(std::span(records.data(), drawn * record_size));
    }
    const double slice_seconds = std::chrono::duration<double>(Clock::now() - slice_start).count();
    slice = agreed(std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(static_cast<double>(blocks) * kSliceSeconds /
                                   std::max(slice_seconds, 1e-6)),
        fewest, most));
    done = last;
    const bool round_ended = done == goal;
    if (targeted && round_ended) decide();
    if (control.after_round) {
      control.after_round(result.tally, std::chrono::duration<double>(Clock::now() - start).count(),
                          !targeted || round_ended ? Resumable::yes : Resumable::no);
    }
    if (!result.target_met && done < total_blocks &&
        agreed(control.stop_requested && control.stop_requested() ? 1 : 0) != 0) {
      result.partial = true;
      break;
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.threads = threads;
  result.processes = static_cast<int>(ranks);
  return result;
}

WeightedTally run_weighted(const Scenario& scenario, const Tilt& tilt, const RunOptions& options) {
  const int threads = thread_count(options);
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  tbb::enumerable_thread_specific<Worker> workers([&] { return Worker(scenario); });
  const WeightedTally empty(scenario.options.size(), scenario.questions.share_lines.size(),
                            scenario.house_size());
  // The weights are summed in floating point, so the blocks' tallies are merged in a fixed tree:
  // parallel_deterministic_reduce splits the range the same way on any number of threads, one
  // block per leaf, and joins in the same order, so the sums come out the same to the bit.
  const std::uint64_t blocks = (options.draws + kBlockSize - 1) / kBlockSize;
  return arena.execute([&] {
    return tbb::parallel_deterministic_reduce(
        tbb::blocked_range<std::uint64_t>(0, blocks, 1), empty,
        [&](const tbb::blocked_range<std::uint64_t>& range, WeightedTally partial) {
          Worker& worker = workers.local();
          for (std::uint64_t block = range.begin(); block != range.end(); ++block) {
            worker.run_block_weighted(options.seed, block, block_draws(options.draws, block), tilt,
                                      partial);
          }
          return partial;
        },
        [](WeightedTally left, const WeightedTally& right) {
          left.merge(right);
          return left;
        });
  });
}

DrawRecord replay(const Scenario& scenario, std::uint64_t seed, std::uint64_t draw) {
  return Worker(scenario).replay(seed, draw);
}

PhaseTimes profile_phases(const Scenario& scenario, std::uint64_t draws, std::uint64_t seed) {
  Worker worker(scenario);
  Tally tally = empty_tally(scenario);
  PhaseTimes phases;
  const std::uint64_t blocks = (draws + kBlockSize - 1) / kBlockSize;
  for (std::uint64_t block = 0; block < blocks; ++block) {
    worker.profile_block(seed, block, block_draws(draws, block), tally, phases);
  }
  // The clock is read between phases; subtract its own cost, measured the same way.
  const auto start = Clock::now();
  Clock::time_point sink{};
  for (std::uint64_t i = 0; i < draws; ++i) sink = std::max(sink, Clock::now());
  const double per_read =
      std::chrono::duration<double>(Clock::now() - start).count() / static_cast<double>(draws);
  for (double* phase :
       {&phases.vote_draw, &phases.district_draw, &phases.allocation, &phases.tally}) {
    *phase =
        std::max(0.0, *phase - per_read * static_cast<double>(draws)) / static_cast<double>(draws);
  }
  return phases;
}

}  // namespace seatsim::sim
