#include "engine/scenario/history.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <sstream>

#include "engine/rules/limits.hpp"
#include "engine/scenario/method_names.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/scenario/toml_diagnostics.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

class HistoryReader : public TomlDiagnostics {
 public:
  using TomlDiagnostics::TomlDiagnostics;

  const toml::table* table(const toml::table& parent, std::string_view key) {
    const auto* node = parent.get(key);
    if (node && node->is_table()) return node->as_table();
    error(node ? *node : parent, key, node ? "not a table" : "missing", "required");
    return nullptr;
  }

  template <class T>
  std::optional<T> value(const toml::table& parent, std::string_view path, std::string_view key,
                         bool required) {
    const auto* node = parent.get(key);
    if (!node) {
      if (required) error(parent, fmt::format("{}{}", path, key), "missing", "required");
      return std::nullopt;
    }
    // A float key also takes an integer (threshold = 0); the others take their exact type.
    if (auto v = std::is_same_v<T, double> ? node->value<T>() : node->value_exact<T>()) return v;
    error(*node, fmt::format("{}{}", path, key), "wrong type",
          std::is_same_v<T, std::string> ? "expected a string" : "expected a number");
    return std::nullopt;
  }

  // A whole number in [low, high].
  std::int64_t count(const toml::table& parent, std::string_view path, std::string_view key,
                     bool required, std::int64_t low, std::int64_t high) {
    const auto v = value<std::int64_t>(parent, path, key, required);
    if (v && (*v < low || *v > high)) {
      error(*parent.get(key), fmt::format("{}{}", path, key),
            fmt::format("{} is outside [{}, {}]", *v, low, high), "a whole count");
      return low;
    }
    return v.value_or(low);
  }

  template <class Enum>
  Enum choice(const toml::table& parent, std::string_view path, std::string_view key, Enum fallback,
              std::optional<Enum> (*parse)(std::string_view), std::string_view names) {
    const auto text = value<std::string>(parent, path, key, false);
    if (!text) return fallback;
    if (const auto parsed = parse(*text)) return *parsed;
    error(*parent.get(key), fmt::format("{}{}", path, key),
          fmt::format("\"{}\" is not recognised", *text), fmt::format("expected one of {}", names));
    return fallback;
  }

 private:
};

void read_election(HistoryReader& r, const toml::table& root, History& h) {
  const auto* t = r.table(root, "election");
  if (!t) return;
  r.check_keys(*t, "election.", {"name", "date", "sources"});
  h.name = r.value<std::string>(*t, "election.", "name", true).value_or("");
  if (const auto* date = t->get("date"); date && date->is_date()) {
    std::ostringstream text;
    text << *date->value<toml::date>();
    h.date = text.str();
  } else {
    r.error(date ? *date : *t, "election.date", "missing or not a date", "such as 2023-03-19");
  }
  const auto* sources = t->get_as<toml::array>("sources");
  if (sources) {
    for (const auto& s : *sources) {
      if (const auto text = s.value<std::string>()) h.sources.push_back(*text);
    }
  }
  if (h.sources.empty()) {
    r.error(*t, "election.sources", "missing", "every record cites at least one source");
  }
}

void read_rule(HistoryReader& r, const toml::table& root, History& h) {
  const auto* t = r.table(root, "rule");
  if (!t) return;
  r.check_keys(*t, "rule.",
               {"seats", "method", "threshold", "threshold_base", "ties", "min_admitted", "waiver",
                "mixed", "overhang"});
  auto& list = h.rule.list;
  list.seats = static_cast<int>(r.count(*t, "rule.", "seats", true, 1, rules::kMaxSeats));
  list.method = r.choice(*t, "rule.", "method", rules::Method::hare, parse_method, method_names());
  const double threshold = r.value<double>(*t, "rule.", "threshold", false).value_or(0.0);
  if (threshold < 0.0 || threshold >= 1.0) {
    r.error(*t->get("threshold"), "rule.threshold", fmt::format("{} is outside [0, 1)", threshold),
            "a threshold is a share of the vote");
  }
  list.threshold.parts_per_billion = rules::to_parts_per_billion(threshold);
  list.threshold.base = r.choice(*t, "rule.", "threshold_base", rules::ThresholdBase::valid,
                                 parse_threshold_base, "party, valid, ballots");
  list.ties = r.choice(*t, "rule.", "ties", rules::TiePolicy::registration_order, parse_ties,
                       "registration_order, report");
  list.min_admitted =
      static_cast<int>(r.count(*t, "rule.", "min_admitted", false, 0, rules::kMaxOptions));
  list.waiver_district_seats =
      static_cast<int>(r.count(*t, "rule.", "waiver", false, 0, rules::kMaxSeats));
  if (t->contains("mixed")) {
    h.composition = r.choice(*t, "rule.", "mixed", rules::Composition::parallel, parse_composition,
                             "parallel, compensatory");
    h.rule.composition = *h.composition;
  }
  h.rule.overhang = r.choice(*t, "rule.", "overhang", rules::Overhang::grow_house, parse_overhang,
                             "grow-house, levelling");
}

void read_parties(HistoryReader& r, const toml::table& root, History& h) {
  const auto* parties = root.get_as<toml::array>("parties");
  if (!parties || parties->empty() || parties->size() > rules::kMaxOptions) {
    r.error(parties ? static_cast<const toml::node&>(*parties) : root, "parties",
            "missing or wrong size",
            fmt::format("give 1 to {} [[parties]] tables", rules::kMaxOptions));
    return;
  }
  for (std::size_t i = 0; i < parties->size(); ++i) {
    const auto* t = (*parties)[i].as_table();
    const std::string path = fmt::format("parties[{}].", i);
    if (!t) {
      r.error((*parties)[i], path, "not a table", "use [[parties]]");
      continue;
    }
    r.check_keys(*t, path, {"name", "votes", "district_seats", "official_seats"});
    HistoryParty p;
    p.name = r.value<std::string>(*t, path, "name", true).value_or("");
    p.votes = r.count(*t, path, "votes", true, 0, rules::kMaxVotes);
    p.district_seats =
        static_cast<int>(r.count(*t, path, "district_seats", false, 0, rules::kMaxSeats));
    p.official_seats = static_cast<int>(r.count(*t, path, "official_seats", true, 0, 100'000));
    h.parties.push_back(std::move(p));
  }
}

}  // namespace

History load_history(std::string_view text, std::string_view source) {
  const toml::table root = parse_toml(text, source);
  HistoryReader r(source);
  History h;
  h.source = std::string(source);
  r.check_keys(root, "", {"election", "rule", "votes", "parties"});
  read_election(r, root, h);
  read_rule(r, root, h);
  if (const auto* votes = root.get_as<toml::table>("votes")) {
    r.check_keys(*votes, "votes.", {"against_all", "invalid"});
    h.against_all = r.count(*votes, "votes.", "against_all", false, 0, rules::kMaxVotes);
    h.invalid = r.count(*votes, "votes.", "invalid", false, 0, rules::kMaxVotes);
  }
  read_parties(r, root, h);
  r.throw_if_errors();
  return h;
}

History load_history_file(const std::filesystem::path& path) {
  return load_history(read_text_file(path), path.string());
}

}  // namespace seatsim::scenario
