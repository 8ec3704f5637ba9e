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

void read_share_lines(TomlReader& r, const toml::table& report, sim::Scenario& s) {
  const auto* node = r.find(report, "report", "share_lines", Presence::optional);
  if (!node) return;
  const auto* lines = node->as_array();
  if (!lines) {
    r.wrong_type(*node, "report.share_lines", "an array of numbers");
    return;
  }
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const auto* value = (*lines)[i].value<double>() ? &(*lines)[i] : nullptr;
    const double x = value ? *value->value<double>() : -1.0;
    if (!value || !(x > 0.0 && x < 1.0)) {
      r.error((*lines)[i], fmt::format("report.share_lines[{}]", i), "must be a number in (0, 1)",
              "a share line is a fraction of the valid vote");
    } else {
      s.questions.share_lines.push_back(x);
    }
  }
  if (lines->size() > rules::kMaxShareLines) {
    r.error(*node, "report.share_lines", fmt::format("{} lines", lines->size()),
            fmt::format("at most {} share lines are supported", rules::kMaxShareLines));
  }
}

// Whether [report.majority_lines] is written (even empty: then no line is reported).
bool read_majority_lines(TomlReader& r, const toml::table& report, sim::Scenario& s) {
  const auto* lines = r.table(report, "report", "majority_lines", Presence::optional);
  if (!lines) return false;
  for (const auto& [name, node] : *lines) {
    const auto seats =
        r.integer(*lines, "report.majority_lines", name.str(), Presence::required, 1,
                  std::max(s.house_size(), 1), "a majority line is a seat count within the house");
    if (seats)
      s.questions.majority_lines.push_back({std::string(name.str()), static_cast<int>(*seats)});
  }
  std::stable_sort(s.questions.majority_lines.begin(), s.questions.majority_lines.end(),
                   [](const auto& a, const auto& b) { return a.seats < b.seats; });
  return true;
}

// One bloc's members: ids of distinct seat-winning options.
void read_bloc_members(TomlReader& r, const toml::array& ids, const std::string& path,
                       const sim::Scenario& s, sim::Bloc& bloc) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string member_path = fmt::format("{}[{}]", path, i);
    const auto* id = ids[i].as_string();
    if (!id) {
      r.wrong_type(ids[i], member_path, "a party id (a string)");
      continue;
    }
    const auto it = std::find_if(s.options.begin(), s.options.end(),
                                 [&](const auto& option) { return option.id == id->get(); });
    if (it == s.options.end()) {
      r.error(*id, member_path, fmt::format("\"{}\" is not a party", id->get()),
              "every member must be an id declared under [parties]");
    } else if (!model::wins_seats(it->kind)) {
      r.error(*id, member_path, fmt::format("\"{}\" wins no seats", id->get()),
              "a bloc adds up its members' seats");
    } else if (const int k = static_cast<int>(it - s.options.begin());
               std::find(bloc.members.begin(), bloc.members.end(), k) != bloc.members.end()) {
      r.error(*id, member_path, fmt::format("\"{}\" is already in this bloc", id->get()),
              "each member counts once");
    } else {
      bloc.members.push_back(k);
    }
  }
}

// [report.blocs] NAME = ["id", ...]: named sets of seat-winning options whose seats are added up in
// every draw, in the alphabetical order of their names (a TOML table's order).
void read_blocs(TomlReader& r, const toml::table& report, sim::Scenario& s) {
  const auto* blocs = r.table(report, "report", "blocs", Presence::optional);
  if (!blocs) return;
  if (blocs->size() > rules::kMaxBlocs) {
    r.error(*blocs, "report.blocs", fmt::format("{} blocs", blocs->size()),
            fmt::format("at most {} blocs are supported", rules::kMaxBlocs));
    return;
  }
  for (const auto& [name, node] : *blocs) {
    const std::string path = join_path("report.blocs", name.str());
    const std::string_view bloc_name = name.str();
    if (!is_identifier(bloc_name)) {
      r.error(name.source(), path, "invalid name",
              fmt::format("a bloc's name is written as an id: 1 to {} characters of a-z, 0-9 and _",
                          rules::kMaxIdLength));
    } else if (std::any_of(s.options.begin(), s.options.end(),
                           [&](const auto& option) { return option.id == bloc_name; })) {
      r.error(name.source(), path, "the name is a party's id",
              "blocs and parties share the outputs' rows and columns, so their names differ");
    }
    const auto* ids = node.as_array();
    if (!ids) {
      r.wrong_type(node, path, "an array of party ids");
      continue;
    }
    if (ids->empty()) {
      r.error(node, path, "empty bloc", "a bloc names at least one party");
      continue;
    }
    sim::Bloc bloc{.name = std::string(bloc_name), .members = {}};
    read_bloc_members(r, *ids, path, s, bloc);
    s.questions.blocs.push_back(std::move(bloc));
  }
}

void read_report(TomlReader& r, const toml::table& root, sim::Scenario& s) {
  const auto* table = r.table(root, "", "report", Presence::optional);
  bool lines_written = false;
  if (table) {
    r.check_keys(*table, "report", {"share_lines", "majority_lines", "blocs"});
    read_share_lines(r, *table, s);
    lines_written = read_majority_lines(r, *table, s);
    read_blocs(r, *table, s);
  }
  // By default: a simple majority (more than half) and two thirds of the house.
  if (!lines_written) {
    const int house = s.house_size();
    s.questions.majority_lines = {{"majority", house / 2 + 1}, {"two_thirds", (2 * house + 2) / 3}};
  }
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
