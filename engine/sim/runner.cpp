#include "engine/sim/runner.hpp"

#include "engine/sim/little_endian.hpp"
#include "engine/sim/summary.hpp"

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

using Clock = std::chrono::steady_clock;

// The number of draws in block `block` of a run of `draws`: kBlockSize, or fewer in the last.
std::uint64_t block_draws(std::uint64_t draws, std::uint64_t block) {
  return std::min(kBlockSize, draws - block * kBlockSize);
}

// With a target standard error, the first round: 64 blocks, about a quarter of a million draws.
constexpr std::uint64_t kFirstRoundBlocks = 64;
// Wall time of one slice of blocks between calls to the RunControl.
constexpr double kSliceSeconds = 0.25;
// With --save-draws, slices of at most this many blocks: a bounded buffer of records (about 25 MB
// for 10 options), written out after each slice.
constexpr std::uint64_t kMaxRecordBlocks = 64;

// What every drawing command shares: the scenario's layout and electoral system, built once.
struct DrawSetup {
  explicit DrawSetup(const Scenario& scenario_)
      : scenario(scenario_), layout(scenario_), system(electoral_system(scenario_)) {}
  DrawGenerator generator(const Tilt* tilt = nullptr) const {
    return DrawGenerator(scenario, layout, system, tilt);
  }
  const Scenario& scenario;
  BallotLayout layout;
  rules::ElectoralSystem system;
};

// The draw in the layout of draw_record_size.
void store_record(const Draw& draw, unsigned char* out) {
  const BallotLayout& layout = *draw.layout;
  const std::size_t options = layout.options;
  std::uint64_t passed = 0;
  for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
    if (layout.list_tier && draw.admission[p] == rules::Admission::passed) {
      passed |= std::uint64_t{1} << layout.party_options[p];
    }
  }
  store_little_endian(out, passed);
  unsigned char* shares = out + 8;
  unsigned char* list = shares + 4 * options;
  unsigned char* district = list + 2 * options;
  for (std::size_t k = 0; k < options; ++k) {
    store_little_endian(shares + 4 * k, std::uint32_t{0});
    store_little_endian(district + 2 * k, static_cast<std::uint16_t>(draw.district_seats[k]));
    store_little_endian(list + 2 * k,
                        static_cast<std::uint16_t>(draw.seats[k] - draw.district_seats[k]));
  }
  for (std::size_t j = 0; j < layout.list_ballot_options.size(); ++j) {
    const auto share = static_cast<float>(draw.shares[j]);
    store_little_endian(shares + 4 * layout.list_ballot_options[j],
                        std::bit_cast<std::uint32_t>(share));
  }
}

// The accumulator of run(): the tally, and each draw's record when the caller asked for them.
struct RecordingTally {
  void add(const Draw& draw) {
    tally.add(draw);
    if (records) store_record(draw, records + draw.index * record_size);
  }
  void end_block() { tally.end_block(); }
  Tally& tally;
  unsigned char* records;  // this block's, or nullptr
  std::size_t record_size;
};

// The accumulator of replay(): keeps one draw in full.
struct DrawKeeper {
  void add(const Draw& draw) {
    if (draw.index != index) return;
    const BallotLayout& layout = *draw.layout;
    record.shares.assign(layout.options, std::nullopt);
    for (std::size_t j = 0; j < layout.list_ballot_options.size(); ++j) {
      record.shares[layout.list_ballot_options[j]] = draw.shares[j];
    }
    record.admission.assign(layout.options, std::nullopt);
    record.list_seats.assign(layout.options, std::nullopt);
    if (layout.list_tier) {
      for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
        record.admission[layout.party_options[p]] = draw.admission[p];
        record.list_seats[layout.party_options[p]] = draw.list_seats[p];
      }
    }
    if (layout.district_tier) record.district_winners = draw.district_winners;
    record.seats = draw.seats;
  }
  std::uint64_t index;  // in its block
  DrawRecord& record;
};

// The accumulator of profile_phases(): the tally, with the clock read as each phase ends.
struct PhaseClock {
  void mark(Phase phase) {
    const auto now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - last).count();
    last = now;
    switch (phase) {
      case Phase::start: return;
      case Phase::vote: times.vote_draw += seconds; return;
      case Phase::districts: times.district_draw += seconds; return;
      case Phase::allocation: times.allocation += seconds; return;
      case Phase::count: times.tally += seconds; return;
    }
  }
  void add(const Draw& draw) { tally.add(draw); }
  void end_block() {
    mark(Phase::start);
    tally.end_block();
    mark(Phase::count);
  }
  Tally& tally;
  PhaseTimes& times;
  Clock::time_point last{};
};

// The thread count to use: 0 means every core.
int thread_count(const RunOptions& options) {
  return options.threads > 0 ? options.threads : tbb::info::default_concurrency();
}

// Draws slices of blocks on a pool of threads. Each thread counts its blocks into its own tally,
// and a slice's tallies are summed at its end. The counts are integers, so the sum does not depend
// on which thread drew which block or on the order the partial tallies are added in. (A tally per
// block, merged in a fixed tree, copied and added a megabyte of histograms every 4096 draws: a
// quarter of the run time.)
class SliceDrawer {
 public:
  SliceDrawer(const DrawSetup& setup, const RunOptions& options, int threads, bool with_records)
      // The global limit lets an explicit --threads exceed the core count (TBB caps it there
      // otherwise), so that tests can show the result does not depend on it.
      : parallelism_(tbb::global_control::max_allowed_parallelism,
                     static_cast<std::size_t>(threads)),
        arena_(threads),
        options_(options),
        empty_(setup.layout),
        generators_([&setup] { return setup.generator(); }),
        partials_(empty_),
        sum_(empty_),
        record_size_(draw_record_size(setup.scenario)),
        records_(with_records ? kMaxRecordBlocks * kBlockSize * record_size_ : 0) {}

  const Tally& empty() const { return empty_; }

  // Blocks [first, last) into one tally, valid until the next call (it is reused: a fresh tally
  // per slice is fresh pages, and their faults cost more than the copy); block b's streams depend
  // only on (seed, b). With
  // records, block b's go into the buffer at their place from `first`, so they come out in draw
  // order whichever thread drew them.
  Tally& draw(std::uint64_t first, std::uint64_t last) {
    arena_.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, last, 1),
                        [&](const tbb::blocked_range<std::uint64_t>& range) {
                          DrawGenerator& generator = generators_.local();
                          for (std::uint64_t block = range.begin(); block != range.end(); ++block) {
                            RecordingTally accumulator{partials_.local(), records_at(block - first),
                                                       record_size_};
                            generator.draw_block(options_.seed, block,
                                                 block_draws(options_.draws, block), accumulator);
                          }
                        });
    });
    sum_.clear();
    for (Tally& partial : partials_) {
      sum_.merge(partial);
      partial.clear();
    }
    return sum_;
  }

  // The records of the last slice's first `draws` draws.
  std::span<const unsigned char> records(std::uint64_t draws) const {
    return std::span(records_.data(), draws * record_size_);
  }

 private:
  unsigned char* records_at(std::uint64_t block) {
    return records_.empty() ? nullptr : records_.data() + block * kBlockSize * record_size_;
  }

  tbb::global_control parallelism_;
  tbb::task_arena arena_;
  const RunOptions& options_;
  Tally empty_;
  tbb::enumerable_thread_specific<DrawGenerator> generators_;
  tbb::enumerable_thread_specific<Tally> partials_;
  Tally sum_;
  std::size_t record_size_;
  std::vector<unsigned char> records_;
};

// At the end of a target round, with `done` blocks drawn: whether the target is met, and if not,
// where the next round ends. A function of the merged tally alone, so a run resumed from a round's
// end decides as the uninterrupted run did there.
struct RoundPlan {
  bool target_met = false;
  std::uint64_t goal = 0;
};
RoundPlan plan_round(const Scenario& scenario, const Tally& tally, double target_se,
                     std::uint64_t done, std::uint64_t total_blocks) {
  const double se = largest_se(summarize(scenario, tally));
  if (se <= target_se) return {.target_met = true, .goal = done};
  if (done >= total_blocks) return {.target_met = false, .goal = done};
  // SE scales as 1/sqrt(n): aim an eighth past the blocks the target needs, so that one more
  // round usually suffices.
  const double needed = static_cast<double>(done) * (se / target_se) * (se / target_se);
  const auto wanted = static_cast<std::uint64_t>(std::ceil(needed)) - done;
  return {
      .target_met = false,
      .goal = done + std::clamp<std::uint64_t>(wanted + wanted / 8 + 1, 1, total_blocks - done)};
}

}  // namespace

RunResult run(const Scenario& scenario, const RunOptions& options, const RunControl& control) {
  const int threads = thread_count(options);
  const std::uint64_t total_blocks = (options.draws + kBlockSize - 1) / kBlockSize;
  const DrawSetup setup(scenario);
  SliceDrawer drawer(setup, options, threads, static_cast<bool>(control.on_draws));

  RunResult result{.tally = control.resume_from.value_or(drawer.empty())};
  result.resumed_draws = control.resume_from ? control.resume_from->draws : 0;
  assert(result.tally.draws <= options.draws);
  assert(result.tally.draws % kBlockSize == 0 || result.tally.draws == options.draws);
  const auto start = Clock::now();
  std::uint64_t done = (result.tally.draws + kBlockSize - 1) / kBlockSize;
  // The current target round ends at block `goal`; without a target there is one round of all the
  // blocks. Rounds are drawn in slices of about kSliceSeconds, so that the caller hears from the
  // run (progress, checkpoints, a stop request) a few times a second.
  const bool targeted = options.target_se > 0.0;
  std::uint64_t goal = targeted ? std::min(kFirstRoundBlocks, total_blocks) : total_blocks;
  auto decide = [&] {
    const RoundPlan plan =
        plan_round(scenario, result.tally, options.target_se, done, total_blocks);
    result.target_met = plan.target_met;
    if (!plan.target_met && done < total_blocks) goal = plan.goal;
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
    Tally& part = drawer.draw(done + blocks * rank / ranks, done + blocks * (rank + 1) / ranks);
    if (control.processes) control.processes->sum(part);
    result.tally.merge(part);
    if (control.on_draws) {
      control.on_draws(
          drawer.records(std::min(last * kBlockSize, options.draws) - done * kBlockSize));
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
  const DrawSetup setup(scenario);
  tbb::enumerable_thread_specific<DrawGenerator> generators([&] { return setup.generator(&tilt); });
  const WeightedTally empty(setup.layout);
  // The weights are summed in floating point, so the blocks' tallies are merged in a fixed tree:
  // parallel_deterministic_reduce splits the range the same way on any number of threads, one
  // block per leaf, and joins in the same order, so the sums come out the same to the bit.
  const std::uint64_t blocks = (options.draws + kBlockSize - 1) / kBlockSize;
  return arena.execute([&] {
    return tbb::parallel_deterministic_reduce(
        tbb::blocked_range<std::uint64_t>(0, blocks, 1), empty,
        [&](const tbb::blocked_range<std::uint64_t>& range, WeightedTally partial) {
          DrawGenerator& generator = generators.local();
          for (std::uint64_t block = range.begin(); block != range.end(); ++block) {
            generator.draw_block(options.seed, block, block_draws(options.draws, block), partial);
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
  const DrawSetup setup(scenario);
  DrawRecord record;
  record.draw = draw;
  DrawKeeper keeper{.index = draw % kBlockSize, .record = record};
  setup.generator().draw_block(seed, draw / kBlockSize, draw % kBlockSize + 1, keeper);
  return record;
}

namespace {

// Keeps the draw nearest the medians: its seats are copied into a vector sized once.
struct NearestKeeper {
  void add(const Draw& draw) {
    int distance = 0;
    for (std::size_t k = 0; k < medians.size(); ++k)
      distance += std::abs(draw.seats[k] - medians[k]);
    if (nearest.among++ > 0 && distance >= nearest.distance) return;
    nearest.draw = draw.index;
    nearest.distance = distance;
    std::copy(draw.seats.begin(), draw.seats.end(), nearest.seats.begin());
  }
  std::span<const int> medians;
  NearestDraw& nearest;
};

}  // namespace

NearestDraw nearest_to_medians(const Scenario& scenario, std::uint64_t seed, std::uint64_t draws,
                               std::span<const int> medians) {
  const DrawSetup setup(scenario);
  NearestDraw nearest{.seats = std::vector<int>(medians.size())};
  NearestKeeper keeper{.medians = medians, .nearest = nearest};
  setup.generator().draw_block(seed, 0, std::min(draws, kBlockSize), keeper);
  return nearest;
}

PhaseTimes profile_phases(const Scenario& scenario, std::uint64_t draws, std::uint64_t seed) {
  const DrawSetup setup(scenario);
  DrawGenerator generator = setup.generator();
  Tally tally(setup.layout);
  PhaseTimes phases;
  PhaseClock clock{.tally = tally, .times = phases};
  const std::uint64_t blocks = (draws + kBlockSize - 1) / kBlockSize;
  for (std::uint64_t block = 0; block < blocks; ++block) {
    generator.draw_block(seed, block, block_draws(draws, block), clock);
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
