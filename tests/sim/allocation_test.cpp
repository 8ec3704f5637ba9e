// Counts heap allocations through a replaced global operator new, to show that the per-draw loop
// allocates nothing: a block of 4096 draws allocates exactly as often as a block of 1.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's buffer uses it): under ASan, which supplies every form
// it is not given, it would otherwise come from ASan and be freed here, a mismatch ASan reports.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace seatsim;

namespace {

// The back-test scenario with every part of the national model in use: polls, Student-t with
// systematic error and drift, a random undecided split and a random invalid share that the
// threshold base counts.
const std::string kEveryModelPart[] = {"model.type=student-t",
                                       "model.df=5",
                                       "model.undecided_split=dirichlet",
                                       "model.undecided_concentration=20",
                                       "model.invalid_sd=0.3",
                                       "tiers.list.threshold_base=ballots"};

}  // namespace

TEST_CASE("the per-draw loop never allocates") {
  const auto scenario = GENERATE(
      scenario::load_text(scenario::default_text(), scenario::default_name()),
      scenario::load_file(SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml", kEveryModelPart));
  auto count = [&](std::uint64_t draws) {
    const long before = allocations.load();
    const auto result = sim::run(scenario, {.draws = draws, .seed = 1, .threads = 1});
    REQUIRE(result.tally.draws == draws);
    return allocations.load() - before;
  };
  count(1);  // warm up anything allocated once per process
  const long one_draw = count(1);
  const long full_block = count(sim::kBlockSize);
  CHECK(one_draw > 0);  // the counter works: each run allocates its workers and tallies
  CHECK(full_block == one_draw);
}

TEST_CASE("saving draws (--save-draws) allocates nothing per draw either") {
  const auto scenario = scenario::load_text(scenario::default_text(), scenario::default_name());
  std::uint64_t saved_bytes = 0;
  sim::RunControl control;
  control.on_draws = [&](std::span<const unsigned char> records) { saved_bytes += records.size(); };
  auto count = [&](std::uint64_t draws) {
    const long before = allocations.load();
    saved_bytes = 0;
    const auto result = sim::run(scenario, {.draws = draws, .seed = 1, .threads = 1}, control);
    REQUIRE(result.tally.draws == draws);
    CHECK(saved_bytes == draws * sim::draw_record_size(scenario));
    return allocations.load() - before;
  };
  count(1);
  CHECK(count(sim::kBlockSize) == count(1));
}
