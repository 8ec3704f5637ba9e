#pragma once
// Each subcommand registers its options on the app in its constructor and runs in execute(), which
// returns the exit status. Input errors are thrown as InputError and reported by main.
#include <CLI/CLI.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/report/sweep_report.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/scenario.hpp"

namespace seatsim::cli {

class StopOnSignals;

// CLI11 2.1 lets two kinds of bad value through its own checks: an unsigned option reads "-1" as
// 2^64 - 1 and saturates numbers past 2^64, and nan passes CLI::Range. These check the text.
CLI::Validator whole_number_64();      // decimal digits, at most 2^64 - 1 (for --seed)
CLI::Validator finite_number();        // a number that is not nan or inf
CLI::Validator count_with_exponent();  // 1e6, 2.5e7: rewritten to digits; 1.5e0, 1e-3 refused

// Prints a scenario's warnings (scenario/warnings.hpp) on stderr, each once per process: a sweep
// reads many points.
void print_warnings(const sim::Scenario& scenario);

// What every subcommand shares: its CLI11 subcommand, and whether the user chose it.
class Command {
 public:
  bool parsed() const { return command_->parsed(); }

 protected:
  explicit Command(CLI::App* command) : command_(command) {}
  CLI::App* command_;
};

// A subcommand that reads a scenario: the optional SCENARIO positional and repeatable --set.
class ScenarioCommand : public Command {
 protected:
  explicit ScenarioCommand(CLI::App* command);
  // --draws (described by `draws_help`), --seed and --threads, into `options`; returns --draws.
  CLI::Option* add_draw_options(sim::RunOptions& options, const std::string& draws_help);
  // The scenario file, or the built-in default, with --set and then `extra` overrides applied;
  // its warnings (scenario/warnings.hpp) on stderr, or not (on MPI ranks other than 0).
  enum class Warnings { on_stderr, silent };
  sim::Scenario load_scenario(Warnings warnings = Warnings::on_stderr) const;
  // The scenario file with the --set overrides applied, not yet read.
  scenario::ScenarioDocument load_document() const;

 private:
  std::string scenario_;
  std::vector<std::string> overrides_;
  std::string as_of_;  // --as-of DATE, applied as --set polls.as_of=DATE after the others
};

class RunCommand : public ScenarioCommand {
 public:
  explicit RunCommand(CLI::App& app);
  // `processes`: the MPI ranks sharing the run, or nullptr for one process.
  int execute(sim::Processes* processes) const;

 private:
  // Every output path, checked before drawing rather than found unwritable after a long run.
  void check_output_paths() const;
  // The result as text on stdout, --json and --csv.
  void write_results(const sim::Scenario& scenario, const sim::RunOptions& options,
                     const sim::RunResult& result) const;

  std::string json_path_;
  std::string csv_dir_;
  std::string checkpoint_path_;
  std::uint64_t checkpoint_every_ = 64;
  bool resume_ = false;
  std::string save_draws_path_;
  sim::RunOptions options_;
  bool quiet_ = false;
  bool explain_ = false;
  std::uint64_t max_draws_ = 1'000'000'000;
  std::optional<std::uint64_t> replay_draw_;
};

class BenchCommand : public ScenarioCommand {
 public:
  explicit BenchCommand(CLI::App& app);
  int execute() const;

 private:
  std::string json_path_;
  std::uint64_t draws_ = 10'000'000;
  std::uint64_t seed_ = 1;
  std::vector<int> threads_ = {1, 2};
  std::uint64_t profile_draws_ = 200'000;
};

class SweepCommand : public ScenarioCommand {
 public:
  explicit SweepCommand(CLI::App& app);
  virtual ~SweepCommand() = default;
  int execute() const;

 protected:
  // A command that runs a grid as `sweep` does, with sweep's outputs and draw options.
  explicit SweepCommand(CLI::App* command);

 private:
  // The axes of --vary, or else of the scenario's [sweep] table, checked.
  virtual std::vector<sim::SweepAxis> axes(const scenario::ScenarioDocument& document) const;
  std::size_t draw(std::vector<report::SweepPoint>& points, const StopOnSignals& signals) const;

  std::vector<std::string> vary_;
  std::string csv_path_;
  std::string csv_long_path_;
  std::string json_path_;
  bool quiet_ = false;
  sim::RunOptions options_{.draws = 200'000};
};

// `seatsim timeline`: the forecast as of a series of dates, a sweep whose one axis is polls.as_of
// (common random numbers, so the trend is the polls' and not noise's).
class TimelineCommand : public SweepCommand {
 public:
  explicit TimelineCommand(CLI::App& app);

 private:
  std::vector<sim::SweepAxis> axes(const scenario::ScenarioDocument& document) const override;

  std::string from_;
  std::string to_;
  int step_days_ = 0;  // 0: the dates the polls' fieldwork ended
};

class AllocateCommand : public Command {
 public:
  explicit AllocateCommand(CLI::App& app);
  int execute() const;

 public:
  // The options of one allocation from a CSV; names are checked in execute().
  struct Options {
    std::string votes_path;
    int seats = 0;
    std::string method = "hare";
    double threshold = 0.0;
    std::string threshold_base = "valid";
    std::int64_t against_all = 0;
    std::int64_t invalid = 0;
    std::string district_column;
    std::string region_column;  // list districts: the long-form CSV's district column
    std::string region_seats_path;
    std::string threshold_scope = "region";
    std::string mixed;
    std::string overhang = "grow-house";
    int waiver = 0;
    std::vector<std::string> exempt;            // parties exempt from the threshold
    std::vector<std::string> party_thresholds;  // NAME=SHARE
    std::int64_t other_valid = 0;
    double first_divisor = 1.4;
    std::string quota_rounding = "floor-plus-one";
    int bonus_seats = 0;
    double bonus_from = 0.0;
    double bonus_step = 0.0;
    int bonus_max = 0;  // 0: bonus_seats
    bool json = false;
  };

 private:
  void refuse_options_beside_history() const;
  // Options that apply only with (or only without) --region-column, refused otherwise.
  void refuse_options_of_other_form() const;

  std::string history_;
  Options options_;
};

class QueryCommand : public Command {
 public:
  explicit QueryCommand(CLI::App& app);
  int execute() const;

 private:
  std::string draws_path_;
  std::string where_;
  std::string show_ = "seats";
};

class RareCommand : public ScenarioCommand {
 public:
  explicit RareCommand(CLI::App& app);
  int execute() const;

 private:
  std::string party_;
  std::optional<double> at_;
  sim::RunOptions options_;
  std::string json_path_;
  bool quiet_ = false;
};

class ValidateCommand : public ScenarioCommand {
 public:
  explicit ValidateCommand(CLI::App& app);
  int execute() const;

 private:
};

}  // namespace seatsim::cli
