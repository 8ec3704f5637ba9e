#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "engine/cli/commands.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/warnings.hpp"

namespace seatsim::cli {

CLI::Validator whole_number_64() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
          return "\"" + text + "\" is not a whole number from 0 to 18446744073709551615";
        return "";
      },
      "UINT64");
}

// A count may be written with a decimal exponent, as people write draw counts (1e6, 2.5e7); it is
// rewritten to its digits when it is a whole number, so the range check that follows reads it.
// Text that is not of that form is left to the range check, whose message names it.
CLI::Validator count_with_exponent() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto e = text.find_first_of("eE");
        if (e == std::string::npos || e == 0) return "";
        const std::string mantissa = text.substr(0, e);
        const auto point = mantissa.find('.');
        const std::string whole = mantissa.substr(0, point);
        std::string fraction = point == std::string::npos ? "" : mantissa.substr(point + 1);
        const auto digits = [](const std::string& s) {
          return s.find_first_not_of("0123456789") == std::string::npos;
        };
        int exponent = 0;
        const char* first = text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(first, text.data() + text.size(), exponent);
        if (whole.empty() || !digits(whole) || !digits(fraction) || ec != std::errc() ||
            end != text.data() + text.size()) {
          return "";
        }
        while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
        if (exponent < static_cast<int>(fraction.size())) {
          return "\"" + text + "\" is not a whole number (a count, such as 1000000, 1e6 or 2.5e7)";
        }
        // More than 20 digits cannot be a count; the range check refuses the text as written.
        if (exponent > 20) return "";
        text = whole + fraction + std::string(exponent - fraction.size(), '0');
        return "";
      },
      "COUNT");
}

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0.0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
            !std::isfinite(value))
          return "\"" + text + "\" is not a finite number";
        return "";
      },
      "NUMBER");
}

ScenarioCommand::ScenarioCommand(CLI::App* command) : Command(command) {
  command_->add_option("scenario", scenario_,
                       "Scenario file (TOML); without it, the built-in scenarios/kz-2027.toml");
  command_
      ->add_option("--set", overrides_,
                   "Override a scenario value, KEY=VALUE, e.g. tiers.list.threshold=0.07; "
                   "checked like the file; repeatable")
      ->allow_extra_args(false);
  command_->add_option("--as-of", as_of_,
                       "Forecast as of DATE (YYYY-MM-DD): only the polls whose fieldwork ended by "
                       "then, and drift from then; the same as --set polls.as_of=DATE");
}

CLI::Option* ScenarioCommand::add_draw_options(sim::RunOptions& options,
                                               const std::string& draws_help) {
  auto* draws = command_->add_option("--draws,-n", options.draws, draws_help)
                    ->capture_default_str()
                    ->transform(count_with_exponent())
                    ->check(CLI::Range(std::uint64_t{1}, sim::kMaxDraws));
  command_->add_option("--seed,-s", options.seed, "Random seed; the same seed gives the same bytes")
      ->check(whole_number_64())
      ->capture_default_str();
  command_->add_option("--threads,-t", options.threads, "Worker threads; 0 uses every core")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  return draws;
}

scenario::ScenarioDocument ScenarioCommand::load_document() const {
  auto document = scenario::ScenarioDocument::from_file_or_default(scenario_);
  for (const auto& assignment : overrides_) document.set(assignment);
  if (!as_of_.empty()) document.set("polls.as_of=" + as_of_);
  return document;
}

sim::Scenario ScenarioCommand::load_scenario(Warnings warnings) const {
  sim::Scenario scenario = load_document().read();
  if (warnings == Warnings::on_stderr) print_warnings(scenario);
  return scenario;
}

void print_warnings(const sim::Scenario& scenario) {
  static std::set<std::string> printed;
  for (const auto& line : scenario::model_warnings(scenario)) {
    if (printed.insert(line).second) std::fprintf(stderr, "seatsim: warning: %s\n", line.c_str());
  }
}

}  // namespace seatsim::cli
