// `seatsim bench`: throughput of a scenario at several thread counts, with scaling, peak memory
// and the time per phase of a draw.
#include <fmt/format.h>
#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include "engine/cli/commands.hpp"
#include "engine/report/output_file.hpp"
#include "engine/rng/vector_kernels.hpp"

namespace seatsim::cli {
namespace {

// The process's peak resident memory so far, in MiB (Linux reports ru_maxrss in KiB).
double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

BenchCommand::BenchCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand("bench", "Measure simulation throughput and scaling")) {
  command_->add_option("--draws,-n", draws_, "Draws per thread count")
      ->capture_default_str()
      ->transform(count_with_exponent())
      ->check(CLI::Range(std::uint64_t{1}, sim::kMaxDraws));
  command_->add_option("--threads,-t", threads_, "Thread counts to measure, e.g. 1,2,4")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  command_->add_option("--seed,-s", seed_, "Random seed")
      ->check(whole_number_64())
      ->capture_default_str();
  command_
      ->add_option("--profile-draws", profile_draws_,
                   "Draws in the one-thread run that times each phase of a draw")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  command_->add_option("--json", json_path_, "Also write the measurements as JSON to this file");
}

int BenchCommand::execute() const {
  const sim::Scenario scenario = load_scenario();
  // Rates depend on the vector instruction set the draws ran on (README, Throughput).
  const std::string_view isa = rng::vector_isa_name(rng::vector_isa());
  fmt::print("bench {}: {} draws per run, seed {}, vector kernels {}\n", scenario.source, draws_,
             seed_, isa);
  fmt::print("{:>8} {:>14} {:>10} {:>12} {:>14}\n", "threads", "draws/s", "seconds", "scaling",
             "peak RSS MiB");

  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  double base_rate = 0.0;
  int base_threads = 0;
  for (const int threads : threads_) {
    const auto result = sim::run(scenario, {.draws = draws_, .seed = seed_, .threads = threads});
    const double rate = static_cast<double>(draws_) / result.seconds;
    if (base_threads == 0) {
      base_rate = rate;
      base_threads = threads;
    }
    // Scaling efficiency: speed-up over the first thread count, per added thread.
    const double efficiency = (rate / base_rate) / (static_cast<double>(threads) / base_threads);
    const double rss = peak_rss_mib();
    fmt::print("{:>8} {:>14.0f} {:>10.3f} {:>11.1f}% {:>14.1f}\n", threads, rate, result.seconds,
               100.0 * efficiency, rss);
    runs.push_back({{"threads", threads},
                    {"draws_per_second", rate},
                    {"seconds", result.seconds},
                    {"scaling_efficiency", efficiency},
                    {"peak_rss_mib", rss}});
  }

  const auto phases = sim::profile_phases(scenario, profile_draws_, seed_);
  const double total = phases.vote_draw + phases.district_draw + phases.allocation + phases.tally;
  fmt::print("\nns per draw by phase (one thread, {} draws, clock reads subtracted):\n",
             profile_draws_);
  const std::pair<const char*, double> rows[] = {{"vote draw", phases.vote_draw},
                                                 {"district draw", phases.district_draw},
                                                 {"allocation", phases.allocation},
                                                 {"tally", phases.tally}};
  nlohmann::ordered_json phase_json;
  for (const auto& [name, seconds] : rows) {
    fmt::print("  {:<14} {:>8.1f} ns  {:>5.1f}%\n", name, seconds * 1e9,
               total > 0 ? 100.0 * seconds / total : 0.0);
    phase_json[name] = seconds * 1e9;
  }
  fmt::print("  {:<14} {:>8.1f} ns\n", "total", total * 1e9);

  if (!json_path_.empty()) {
    const nlohmann::ordered_json out{
        {"scenario", scenario.source}, {"draws", draws_}, {"seed", seed_},
        {"vector_isa", isa},           {"runs", runs},    {"phase_ns_per_draw", phase_json}};
    report::write_file_atomically(json_path_, out.dump(2) + "\n");
  }
  return 0;
}

}  // namespace seatsim::cli
