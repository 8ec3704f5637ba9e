#include "engine/scenario/history.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>

#include "engine/rules/limits.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/scenario/toml_reader.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

void read_election(TomlReader& r, const toml::table& root, sim::History& h) {
  const auto* t = r.table(root, "", "election", Presence::required);
  if (!t) return;
  r.check_keys(*t, "election", {"name", "date", "sources"});
  h.name = r.string(*t, "election", "name", Presence::required).value_or("");
  h.date = r.date(*t, "election", "date", Presence::required).value_or("");
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

int read_count(TomlReader& r, const toml::table& t, std::string_view path, std::string_view key,
               Presence presence, int high, std::string_view why) {
  return static_cast<int>(r.integer(t, path, key, presence, 0, high, why).value_or(0));
}

void read_rule(TomlReader& r, const toml::table& root, sim::History& h) {
  const auto* t = r.table(root, "", "rule", Presence::required);
  if (!t) return;
  r.check_keys(*t, "rule",
               {"seats", "method", "threshold", "threshold_base", "ties", "min_admitted", "waiver",
                "mixed", "overhang", "first_divisor", "quota_rounding", "bonus"});
  auto& list = h.rule.list;
  list.seats = static_cast<int>(r.integer(*t, "rule", "seats", Presence::required, 1,
                                          rules::kMaxSeats, "a tier needs at least one seat")
                                    .value_or(1));
  list.method = r.choice<rules::Method>(*t, "rule", "method", Presence::optional)
                    .value_or(rules::Method::hare);
  list.threshold.parts_per_billion =
      r.threshold(*t, "rule", "threshold", "a threshold is a share of the vote").value_or(0);
  list.threshold.base =
      r.choice<rules::ThresholdBase>(*t, "rule", "threshold_base", Presence::optional)
          .value_or(rules::ThresholdBase::valid);
  list.ties = r.choice<rules::TiePolicy>(*t, "rule", "ties", Presence::optional)
                  .value_or(rules::TiePolicy::registration_order);
  if (list.ties == rules::TiePolicy::by_lot) {
    r.error(*t->get("ties"), "rule.ties", "\"by_lot\" is not for a recorded election",
            "a lot needs lot keys, which the record does not carry: use registration_order or "
            "report");
  }
  list.min_admitted =
      read_count(r, *t, "rule", "min_admitted", Presence::optional, rules::kMaxOptions,
                 "the number of lists the runner-up rule guarantees");
  list.waiver_district_seats =
      read_count(r, *t, "rule", "waiver", Presence::optional, rules::kMaxSeats,
                 "district seats that waive the threshold");
  if (t->contains("mixed")) {
    h.composition = r.choice<rules::Composition>(*t, "rule", "mixed", Presence::optional)
                        .value_or(rules::Composition::parallel);
    h.rule.composition = *h.composition;
  }
  h.rule.overhang = r.choice<rules::Overhang>(*t, "rule", "overhang", Presence::optional)
                        .value_or(rules::Overhang::grow_house);
  read_method_variants(r, *t, "rule", list);
  if (const auto* bonus = r.table(*t, "rule", "bonus", Presence::optional)) {
    read_bonus(r, *bonus, "rule.bonus", list);
    if (h.composition == rules::Composition::compensatory) {
      r.error(*bonus, "rule.bonus", "under mixed = \"compensatory\"",
              "a bonus goes to the first list of a list tier alone or in parallel");
    }
  }
}

void read_parties(TomlReader& r, const toml::table& root, sim::History& h) {
  const auto* parties = root.get_as<toml::array>("parties");
  if (!parties || parties->empty() || parties->size() > rules::kMaxOptions) {
    r.error(parties ? static_cast<const toml::node&>(*parties) : root, "parties",
            "missing or wrong size",
            fmt::format("give 1 to {} [[parties]] tables", rules::kMaxOptions));
    return;
  }
  for (std::size_t i = 0; i < parties->size(); ++i) {
    const auto* t = (*parties)[i].as_table();
    const std::string path = fmt::format("parties[{}]", i);
    if (!t) {
      r.wrong_type((*parties)[i], path, "a table ([[parties]])");
      continue;
    }
    r.check_keys(
        *t, path,
        {"name", "votes", "district_seats", "official_seats", "threshold_exempt", "threshold"});
    sim::HistoryParty p;
    p.name = r.string(*t, path, "name", Presence::required).value_or("");
    p.votes =
        r.integer(*t, path, "votes", Presence::required, 0, rules::kMaxVotes, "a count of votes")
            .value_or(0);
    p.district_seats = read_count(r, *t, path, "district_seats", Presence::optional,
                                  rules::kMaxSeats, "a count of seats");
    p.official_seats = read_count(r, *t, path, "official_seats", Presence::required,
                                  rules::kMaxLevelledHouse, "a count of seats");
    if (r.boolean(*t, path, "threshold_exempt", Presence::optional).value_or(false))
      p.exemption = rules::Exemption::exempt;
    if (const auto threshold =
            r.bounded(*t, path, "threshold", Presence::optional, 0.0, 1.0,
                      "a list's own threshold is a share of the rule's base", UpperEnd::open))
      p.threshold_ppb = rules::to_parts_per_billion(*threshold);
    h.parties.push_back(std::move(p));
  }
}

}  // namespace

sim::History load_history(std::string_view text, std::string_view source) {
  const toml::table root = parse_toml(text, source);
  TomlReader r(source);
  sim::History h;
  h.source = std::string(source);
  r.check_keys(root, "", {"election", "rule", "votes", "parties"});
  read_election(r, root, h);
  read_rule(r, root, h);
  if (const auto* votes = root.get_as<toml::table>("votes")) {
    r.check_keys(*votes, "votes", {"against_all", "other_valid", "invalid"});
    h.against_all = r.integer(*votes, "votes", "against_all", Presence::optional, 0,
                              rules::kMaxVotes, "a count of votes")
                        .value_or(0);
    h.other_valid = r.integer(*votes, "votes", "other_valid", Presence::optional, 0,
                              rules::kMaxVotes, "a count of votes")
                        .value_or(0);
    h.invalid = r.integer(*votes, "votes", "invalid", Presence::optional, 0, rules::kMaxVotes,
                          "a count of ballots")
                    .value_or(0);
  }
  read_parties(r, root, h);
  r.throw_if_errors();
  return h;
}

sim::History load_history_file(const std::filesystem::path& path) {
  return load_history(read_text_file(path), path.string());
}

}  // namespace seatsim::scenario
