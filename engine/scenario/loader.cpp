#include "engine/scenario/loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/rules/limits.hpp"
#include "engine/scenario/overrides.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/scenario/sweep_axis.hpp"
#include "engine/scenario/text_file.hpp"

namespace seatsim::scenario {
namespace {

sim::Election read_election(TomlReader& r, const toml::table& root) {
  sim::Election election;
  const auto* table = r.table(root, "", "election", Presence::required);
  if (!table) return election;
  r.check_keys(*table, "election", {"name", "date"});
  election.name = r.string(*table, "election", "name", Presence::required).value_or("");
  election.date = r.date(*table, "election", "date", Presence::required).value_or("");
  return election;
}

void read_report(TomlReader& r, const toml::table& root, sim::Scenario& s) {
  const int house = s.house_size();
  const auto* table = r.table(root, "", "report", Presence::optional);
  if (table) {
    r.check_keys(*table, "report", {"share_lines", "majority_lines"});
    if (const auto* node = r.find(*table, "report", "share_lines", Presence::optional)) {
      if (const auto* lines = node->as_array()) {
        for (std::size_t i = 0; i < lines->size(); ++i) {
          const auto* value = (*lines)[i].value<double>() ? &(*lines)[i] : nullptr;
          const double x = value ? *value->value<double>() : -1.0;
          if (!value || !(x > 0.0 && x < 1.0)) {
            r.error((*lines)[i], fmt::format("report.share_lines[{}]", i),
                    "must be a number in (0, 1)", "a share line is a fraction of the valid vote");
          } else {
            s.questions.share_lines.push_back(x);
          }
        }
        if (lines->size() > rules::kMaxShareLines) {
          r.error(*node, "report.share_lines", fmt::format("{} lines", lines->size()),
                  fmt::format("at most {} share lines are supported", rules::kMaxShareLines));
        }
      } else {
        r.wrong_type(*node, "report.share_lines", "an array of numbers");
      }
    }
    if (const auto* lines = r.table(*table, "report", "majority_lines", Presence::optional)) {
      for (const auto& [name, node] : *lines) {
        const auto seats =
            r.integer(*lines, "report.majority_lines", name.str(), Presence::required, 1,
                      std::max(house, 1), "a majority line is a seat count within the house");
        if (seats)
          s.questions.majority_lines.push_back({std::string(name.str()), static_cast<int>(*seats)});
      }
      std::stable_sort(s.questions.majority_lines.begin(), s.questions.majority_lines.end(),
                       [](const auto& a, const auto& b) { return a.seats < b.seats; });
      return;
    }
  }
  // By default: a simple majority (more than half) and two thirds of the house.
  s.questions.majority_lines = {{"majority", house / 2 + 1}, {"two_thirds", (2 * house + 2) / 3}};
}

// [sweep] vary = ["KEY=FROM:TO:STEP" or "KEY=A,B,C", ...]: the grid of `seatsim sweep`, in the
// grammar of --vary.
void read_sweep(TomlReader& r, const toml::table& root, sim::Scenario& s) {
  const auto* table = r.table(root, "", "sweep", Presence::optional);
  if (!table) return;
  r.check_keys(*table, "sweep", {"vary"});
  const auto* node = r.find(*table, "sweep", "vary", Presence::required);
  if (!node) return;
  const auto* specs = node->as_array();
  if (!specs || specs->empty()) {
    r.wrong_type(*node, "sweep.vary",
                 "a non-empty array of \"KEY=FROM:TO:STEP\" or \"KEY=A,B,C\" strings");
    return;
  }
  for (std::size_t i = 0; i < specs->size(); ++i) {
    const std::string path = fmt::format("sweep.vary[{}]", i);
    const auto* spec = (*specs)[i].as_string();
    if (!spec) {
      r.wrong_type((*specs)[i], path, "a string \"KEY=FROM:TO:STEP\" or \"KEY=A,B,C\"");
      continue;
    }
    try {
      s.sweep.push_back(parse_sweep_axis(spec->get()));
      check_distinct_keys(s.sweep);
    } catch (const std::invalid_argument& problem) {
      r.error(*spec, path, fmt::format("\"{}\": {}", spec->get(), problem.what()),
              "each axis is KEY=FROM:TO:STEP, both ends included, or KEY=A,B,C, as seatsim sweep "
              "--vary takes");
    }
  }
}

sim::Scenario read(TomlReader& r, const toml::table& root, const toml::table& as_written,
                   std::string_view source) {
  sim::Scenario s;
  s.source = std::string(source);
  r.check_keys(root, "", {"election", "parties", "polls", "model", "tiers", "report", "sweep"});
  s.election = read_election(r, root);
  const auto entries = read_parties(r, root, as_written);
  for (const auto& e : entries) s.options.push_back(e.option);
  read_model(r, root, s, entries);

  read_tiers(r, root, s, entries);
  read_report(r, root, s);
  read_sweep(r, root, s);
  r.throw_if_errors();
  return s;
}

}  // namespace

struct ScenarioDocument::Parsed {
  std::string source;
  toml::table root;
  toml::table as_written;  // before any override (a copy, so without sources): district
                           // baselines are relative to the shares written in the file
  std::map<std::string, std::string> typed;  // key -> "--set KEY=VALUE", for the latest value
};

ScenarioDocument::ScenarioDocument(std::string_view text, std::string_view source_name)
    : parsed_(std::make_unique<Parsed>()) {
  parsed_->source = std::string(source_name);
  parsed_->root = parse_toml(text, source_name);
  parsed_->as_written = parsed_->root;
}

ScenarioDocument ScenarioDocument::from_file_or_default(const std::string& path) {
  return path.empty() ? ScenarioDocument(default_text(), default_name())
                      : ScenarioDocument(read_text_file(path), path);
}

ScenarioDocument::ScenarioDocument(ScenarioDocument&&) noexcept = default;
ScenarioDocument& ScenarioDocument::operator=(ScenarioDocument&&) noexcept = default;
ScenarioDocument::~ScenarioDocument() = default;

void ScenarioDocument::set(std::string_view assignment) {
  apply_override(parsed_->root, assignment);
}

void ScenarioDocument::set(std::string_view key, const sim::SweepValue& value) {
  if (const auto* word = std::get_if<std::string>(&value)) {
    // A word takes --set's grammar: a date (2023-02-01) is a date, a bare word a string.
    parsed_->typed.erase(std::string(key));
    set(fmt::format("{}={}", key, *word));
    return;
  }
  parsed_->typed.insert_or_assign(std::string(key),
                                  apply_override(parsed_->root, key, std::get<double>(value)));
}

sim::Scenario ScenarioDocument::read() const {
  TomlReader reader(parsed_->source);
  for (const auto& [key, origin] : parsed_->typed) reader.locate(key, origin);
  return scenario::read(reader, parsed_->root, parsed_->as_written, parsed_->source);
}

sim::Scenario load_text(std::string_view text, std::string_view source_name,
                        std::span<const std::string> overrides) {
  ScenarioDocument document(text, source_name);
  for (const auto& assignment : overrides) document.set(assignment);
  return document.read();
}

sim::Scenario load_file(const std::filesystem::path& path, std::span<const std::string> overrides) {
  return load_text(read_text_file(path), path.string(), overrides);
}

sim::Scenario load_file_or_default(const std::string& path,
                                   std::span<const std::string> overrides) {
  ScenarioDocument document = ScenarioDocument::from_file_or_default(path);
  for (const auto& assignment : overrides) document.set(assignment);
  return document.read();
}

}  // namespace seatsim::scenario
