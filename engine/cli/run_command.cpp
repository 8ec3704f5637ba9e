#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

#include "engine/cli/commands.hpp"
#include "engine/cli/interrupt.hpp"
#include "engine/cli/progress_bar.hpp"
#include "engine/report/checkpoint.hpp"
#include "engine/report/csv_report.hpp"
#include "engine/report/draw_file.hpp"
#include "engine/report/explain.hpp"
#include "engine/report/json_report.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/text_report.hpp"
#include "engine/scenario/writer.hpp"
#include "engine/sim/input_error.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::cli {
namespace {

// The resolved scenario with its normalised text, without the text's first line, which names the
// file it came from, and without the [sweep] table, which a run does not read: a copy of the same
// scenario elsewhere, or with a sweep added, resumes the same run.
std::uint64_t fingerprint(sim::Scenario scenario) {
  scenario.sweep.clear();
  const std::string text = scenario::to_toml(scenario);
  return report::scenario_fingerprint(scenario, std::string_view(text).substr(text.find('\n') + 1));
}

// The tally to resume from, checked against this run.
sim::Tally resumable_tally(const std::string& path, const sim::Scenario& scenario,
                           std::uint64_t scenario_fingerprint, const sim::RunOptions& options) {
  report::Checkpoint checkpoint =
      report::read_checkpoint(path, sim::Tally(sim::BallotLayout(scenario)));
  if (checkpoint.scenario_fingerprint != scenario_fingerprint) {
    throw InputError({fmt::format(
        "{}: --resume: the checkpoint is of a different scenario (after --set and "
        "normalisation); run it with the scenario and --set options it was started with",
        path)});
  }
  if (checkpoint.seed != options.seed) {
    throw InputError({fmt::format("{}: --resume: the checkpoint is of seed {}, not --seed {}", path,
                                  checkpoint.seed, options.seed)});
  }
  if (checkpoint.target_se != options.target_se) {
    auto target = [](double se) {
      return se > 0.0 ? fmt::format("--target-se {}", se) : std::string("no --target-se");
    };
    throw InputError({fmt::format("{}: --resume: the checkpoint is of a run with {}, not {}", path,
                                  target(checkpoint.target_se), target(options.target_se))});
  }
  const std::uint64_t done = checkpoint.tally.draws;
  if (done > options.draws) {
    throw InputError({fmt::format(
        "{}: --resume: the checkpoint holds {} draws, which a run of --draws {} cannot continue "
        "(it needs at least that many)",
        path, done, options.draws)});
  }
  if (done % sim::kBlockSize != 0 && done != options.draws) {
    throw InputError({fmt::format(
        "{}: --resume: the checkpoint holds {} draws, which a run of --draws {} cannot continue "
        "(its last block of {} is partial, as an older seatsim saved a finished run: it resumes "
        "only to its own count)",
        path, done, options.draws, sim::kBlockSize)});
  }
  return std::move(checkpoint.tally);
}

// Runs as sim::run does, but with a --checkpoint and a last block that is partial (--draws not a
// multiple of the block size, without a target) in two steps: the whole blocks, saved with
// `save_checkpoint`, then the rest. A partial block cannot be taken out of a tally again, so the
// checkpoint of a finished run holds its whole blocks, and a later --resume with a larger --draws
// continues from there to the bytes of an uninterrupted run of that size. Each step gives what an
// uninterrupted run of its draws gives (runner.hpp), so the result is the same as in one step.
sim::RunResult run_to_whole_blocks(const sim::Scenario& scenario, const sim::RunOptions& options,
                                   sim::RunControl& control,
                                   const std::function<void(const sim::Tally&)>& save_checkpoint) {
  const std::uint64_t whole = options.draws / sim::kBlockSize * sim::kBlockSize;
  const std::uint64_t resumed = control.resume_from ? control.resume_from->draws : 0;
  if (!save_checkpoint || options.target_se > 0.0 || whole == options.draws || whole == 0 ||
      resumed > whole) {
    return sim::run(scenario, options, control);
  }
  sim::RunOptions blocks = options;
  blocks.draws = whole;
  sim::RunResult first = sim::run(scenario, blocks, control);
  if (first.partial) return first;
  save_checkpoint(first.tally);
  control.resume_from = first.tally;
  sim::RunResult result = sim::run(scenario, options, control);
  result.seconds += first.seconds;
  result.resumed_draws = first.resumed_draws;
  return result;
}

// --replay-draw K: draw K of the seed in full, instead of a run.
void print_replay(const sim::Scenario& scenario, std::uint64_t seed, std::uint64_t draw) {
  std::fputs(report::to_text(scenario, sim::replay(scenario, seed, draw), seed).c_str(), stdout);
}

}  // namespace

RunCommand::RunCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand("run", "Simulate a scenario and print the forecast")) {
  auto* draws = add_draw_options(options_, "Number of simulated elections");
  auto* target =
      command_
          ->add_option("--target-se", options_.target_se,
                       "Draw until every reported probability's standard error is at most this")
          ->check(finite_number() & CLI::Range(1e-6, 0.5))
          ->excludes(draws);
  command_->add_option("--max-draws", max_draws_, "With --target-se, stop after this many draws")
      ->capture_default_str()
      ->transform(count_with_exponent())
      ->needs(target)
      ->check(CLI::Range(std::uint64_t{1}, sim::kMaxDraws));
  command_->add_option("--json", json_path_, "Also write the full result as JSON to this file");
  std::string csv_files;
  for (const std::string_view file : report::kCsvFiles) {
    csv_files += fmt::format("{}{}", csv_files.empty() ? "" : ", ", file);
  }
  command_->add_option(
      "--csv", csv_dir_,
      fmt::format("Also write the result as CSV files ({}) in this directory, created if needed",
                  csv_files));
  auto* checkpoint =
      command_->add_option("--checkpoint", checkpoint_path_,
                           "Save the merged tallies to this file as the run goes, and at its end");
  command_
      ->add_option("--checkpoint-every", checkpoint_every_,
                   "With --checkpoint, save after at least this many more blocks of 4096 draws")
      ->capture_default_str()
      ->needs(checkpoint)
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  command_
      ->add_flag("--resume", resume_,
                 "Continue the run saved in the --checkpoint file; the result equals an "
                 "uninterrupted run")
      ->needs(checkpoint);
  command_
      ->add_option("--save-draws", save_draws_path_,
                   "Also save every draw (shares, passes, seats per tier) to this file for "
                   "seatsim query (docs/save-draws.md)")
      ->excludes("--resume");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing on stdout, and no progress bar");
  command_->add_flag("--explain", explain_,
                     "First print the vote model: its parameters and, with polls, each poll's "
                     "weight and the aggregate's mean and effective sample size");
  command_
      ->add_option("--replay-draw", replay_draw_,
                   "Print draw K (counted from 0) of this seed in full, instead of running")
      ->check(CLI::Range(std::uint64_t{0}, sim::kMaxDraws - 1))
      ->excludes("--json")
      ->excludes("--csv")
      ->excludes("--save-draws")
      ->excludes(checkpoint)
      ->excludes("--target-se");
}

void RunCommand::check_output_paths() const {
  std::vector<report::OutputPath> outputs;
  if (!json_path_.empty()) outputs.push_back({.option = "--json", .path = json_path_});
  if (!csv_dir_.empty()) {
    outputs.push_back({.option = "--csv",
                       .path = csv_dir_,
                       .kind = report::OutputKind::folder,
                       .folder_files = report::kCsvFiles});
  }
  if (!checkpoint_path_.empty()) {
    outputs.push_back({.option = "--checkpoint", .path = checkpoint_path_});
  }
  if (!save_draws_path_.empty()) {
    outputs.push_back({.option = "--save-draws", .path = save_draws_path_});
  }
  report::check_outputs(outputs);
}

void RunCommand::write_results(const sim::Scenario& scenario, const sim::RunOptions& options,
                               const sim::RunResult& result) const {
  const sim::Summary summary = sim::summarize(scenario, result.tally);
  if (!json_path_.empty()) {
    report::write_file_atomically(
        json_path_, report::to_json(scenario, summary, options, result).dump(2) + "\n");
  }
  if (!csv_dir_.empty()) report::write_csv_dir(csv_dir_, scenario, summary, options, result);
  if (!quiet_) {
    std::fputs(report::to_text(scenario, summary, options, result).c_str(), stdout);
    if (options.target_se > 0.0) {
      fmt::print("\n--target-se {}: {} after {} draws (largest standard error {:.3g})\n",
                 options.target_se, result.target_met ? "reached" : "NOT reached (--max-draws)",
                 summary.draws, sim::largest_se(summary));
    }
  }
}

int RunCommand::execute(sim::Processes* processes) const {
  // With several processes every one draws, and rank 0 alone prints, reports and saves
  // checkpoints.
  const bool reports = !processes || processes->rank() == 0;
  const sim::Scenario scenario = load_scenario(reports ? Warnings::on_stderr : Warnings::silent);
  if (explain_ && reports) std::fputs(report::explain(scenario).c_str(), stdout);
  if (replay_draw_) {
    if (!reports) return 0;
    print_replay(scenario, options_.seed, *replay_draw_);
    return 0;
  }
  check_output_paths();

  sim::RunOptions options = options_;
  if (options.target_se > 0.0) options.draws = max_draws_;

  sim::RunControl control;
  control.processes = processes;
  const std::uint64_t scenario_fingerprint = fingerprint(scenario);
  if (resume_) {
    control.resume_from =
        resumable_tally(checkpoint_path_, scenario, scenario_fingerprint, options);
    if (reports) {
      fmt::print(stderr, "seatsim: resuming {} from {} draws to {}\n", checkpoint_path_,
                 control.resume_from->draws, options.draws);
    }
  }
  auto save_checkpoint = [&](const sim::Tally& tally) {
    if (!reports) return;
    report::write_checkpoint(checkpoint_path_, {.scenario_fingerprint = scenario_fingerprint,
                                                .seed = options.seed,
                                                .target_se = options.target_se,
                                                .tally = tally});
  };
  const std::uint64_t first_draws = control.resume_from ? control.resume_from->draws : 0;
  std::uint64_t saved_blocks = first_draws / sim::kBlockSize;
  std::optional<report::DrawFileWriter> saved_draws;
  if (!save_draws_path_.empty()) {
    if (processes && processes->size() > 1) {
      throw InputError({"--save-draws needs one process: run it without mpirun"});
    }
    saved_draws.emplace(save_draws_path_, scenario, options.seed);
    control.on_draws = [&](std::span<const unsigned char> records) {
      saved_draws->append(records);
    };
  }
  const StopOnSignals signals(reports ? Acknowledge::on_stderr : Acknowledge::silently);
  sim::RunResult result;
  {
    ProgressBar progress(scenario, options.draws, first_draws, options.target_se,
                         quiet_ || !reports ? Show::never : Show::on_terminal);
    control.after_round = [&](const sim::Tally& tally, double seconds, sim::Resumable resumable) {
      progress.update(tally, seconds);
      const std::uint64_t blocks = tally.draws / sim::kBlockSize;
      if (!checkpoint_path_.empty() && resumable == sim::Resumable::yes &&
          blocks >= saved_blocks + checkpoint_every_) {
        save_checkpoint(tally);
        saved_blocks = blocks;
      }
    };
    control.stop_requested = [&signals] { return signals.received() != 0; };
    // Every process takes the same steps; rank 0 alone saves.
    result = run_to_whole_blocks(scenario, options, control,
                                 checkpoint_path_.empty()
                                     ? nullptr
                                     : std::function<void(const sim::Tally&)>(save_checkpoint));
  }
  if (!reports) return result.partial ? 128 + signals.received() : 0;
  if (saved_draws) saved_draws->finish();
  // A target run stopped within a round keeps its checkpoint of the last round's end, and a run
  // whose last block is partial its checkpoint of the whole blocks before it.
  if (!checkpoint_path_.empty() && !(result.partial && options.target_se > 0.0) &&
      result.tally.draws % sim::kBlockSize == 0) {
    save_checkpoint(result.tally);
  }

  write_results(scenario, options, result);
  if (result.partial) {
    fmt::print(stderr, "seatsim: stopped by signal {} after {} of {} draws; results are partial\n",
               signals.received(), result.tally.draws, options.draws);
    // The shell's convention for a process ended by a signal: 128 + its number.
    return 128 + signals.received();
  }
  return 0;
}

}  // namespace seatsim::cli
