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
  const bool regions = root.contains("regions");
  if (regions) {
    // List districts: their own seats, no national tier, bonus or runner-up; mixed = "compensatory"
    // makes them compensate for the single-member seats of their regions.
    r.check_keys(*t, "rule",
                 {"method", "threshold", "threshold_base", "threshold_scope", "ties",
                  "first_divisor", "quota_rounding", "mixed"});
  } else {
    r.check_keys(*t, "rule",
                 {"seats", "method", "threshold", "threshold_base", "ties", "min_admitted",
                  "waiver", "mixed", "overhang", "first_divisor", "quota_rounding", "bonus"});
  }
  auto& list = h.rule.list;
  list.seats = static_cast<int>(r.integer(*t, "rule", "seats",
                                          regions ? Presence::optional : Presence::required, 1,
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
    if (regions && h.rule.composition == rules::Composition::compensatory &&
        rules::is_largest_remainder(list.method)) {
      r.error(*t->get("mixed"), "rule.mixed",
              fmt::format("\"compensatory\" with method = \"{}\"", rules::to_string(list.method)),
              "regional compensation continues a divisor count from the district seats: use a "
              "divisor method such as dhondt");
    }
  }
  h.rule.overhang = r.choice<rules::Overhang>(*t, "rule", "overhang", Presence::optional)
                        .value_or(rules::Overhang::grow_house);
  read_method_variants(r, *t, "rule", list);
  if (regions) {
    h.regions = rules::RegionalRule{
        .list = list,
        .scope = r.choice<rules::ThresholdScope>(*t, "rule", "threshold_scope", Presence::optional)
                     .value_or(rules::ThresholdScope::region),
        .seats = {}};
  }
  if (const auto* bonus = r.table(*t, "rule", "bonus", Presence::optional)) {
    read_bonus(r, *bonus, "rule.bonus", list);
    if (h.composition == rules::Composition::compensatory) {
      r.error(*bonus, "rule.bonus", "under mixed = \"compensatory\"",
              "a bonus goes to the first list of a list tier alone or in parallel");
    }
  }
}

void read_parties(TomlReader& r, const toml::table& root, sim::History& h) {
  for (const auto& [t, path] :
       r.tables(root, "", "parties", 1, rules::kMaxOptions, "parties",
                fmt::format("give 1 to {} [[parties]] tables", rules::kMaxOptions))) {
    r.check_keys(
        *t, path,
        {"name", "votes", "district_seats", "official_seats", "threshold_exempt", "threshold"});
    sim::HistoryParty p;
    p.name = r.string(*t, path, "name", Presence::required).value_or("");
    if (h.regions && t->contains("district_seats")) {
      r.error(*t->get("district_seats"), path + ".district_seats", "beside [[regions]]",
              "a party's district seats are its [[regions]] district_seats, summed");
    }
    if (h.regions && t->contains("votes")) {
      r.error(*t->get("votes"), path + ".votes", "beside [[regions]]",
              "a party's votes are its votes in the [[regions]], summed");
    } else if (!h.regions) {
      p.votes =
          r.integer(*t, path, "votes", Presence::required, 0, rules::kMaxVotes, "a count of votes")
              .value_or(0);
    }
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

// A [[regions]] entry's per-party array (`votes` or `official_seats`), one per [[parties]] entry.
std::vector<rules::Votes> read_per_party(TomlReader& r, const toml::table& t,
                                         const std::string& path, std::string_view key,
                                         std::size_t parties, rules::Votes high) {
  std::vector<rules::Votes> values;
  const auto* node = r.find(t, path, key, Presence::required);
  if (!node) return values;
  const std::string key_path = fmt::format("{}.{}", path, key);
  const auto* array = node->as_array();
  if (!array || array->size() != parties) {
    r.error(*node, key_path, array ? fmt::format("{} entries", array->size()) : "not an array",
            fmt::format("one whole number per [[parties]] entry, in their order: {}", parties));
    return values;
  }
  for (std::size_t i = 0; i < parties; ++i) {
    const auto value = (*array)[i].value<std::int64_t>();
    if (!value || *value < 0 || *value > high) {
      r.error((*array)[i], fmt::format("{}[{}]", key_path, i), "not a count",
              fmt::format("a whole number from 0 to {}", high));
      values.push_back(0);
      continue;
    }
    values.push_back(*value);
  }
  return values;
}

// [[regions]]: each list district's name, seats, votes per party and official seats per party;
// the parties' votes and official seats are their sums (official_seats must agree).
void read_regions(TomlReader& r, const toml::table& root, sim::History& h) {
  if (!h.regions) return;
  const auto regions =
      r.tables(root, "", "regions", 1, rules::kMaxDistricts, "districts",
               fmt::format("give 1 to {} [[regions]] tables", rules::kMaxDistricts));
  const std::size_t n = h.parties.size();
  const bool compensatory = h.rule.composition == rules::Composition::compensatory;
  // Each party's seats in the districts: its list seats there, and its district seats under
  // regional compensation.
  std::vector<int> official(n, 0);
  for (const auto& [t, path] : regions) {
    r.check_keys(*t, path,
                 {"name", "seats", "votes", "other_valid", "official_seats", "district_seats"});
    sim::HistoryRegion region;
    region.name = r.string(*t, path, "name", Presence::required).value_or("");
    h.regions->seats.push_back(
        static_cast<int>(r.integer(*t, path, "seats", Presence::required, 1, rules::kMaxSeats,
                                   "a list district elects at least one member")
                             .value_or(1)));
    region.other_valid = r.integer(*t, path, "other_valid", Presence::optional, 0, rules::kMaxVotes,
                                   "a count of votes")
                             .value_or(0);
    region.votes = read_per_party(r, *t, path, "votes", n, rules::kMaxVotes);
    for (const auto seats : read_per_party(r, *t, path, "official_seats", n, rules::kMaxSeats))
      region.official_seats.push_back(static_cast<int>(seats));
    if (compensatory) {
      for (const auto seats : read_per_party(r, *t, path, "district_seats", n, rules::kMaxSeats))
        region.district_seats.push_back(static_cast<int>(seats));
      for (std::size_t i = 0; i < region.district_seats.size(); ++i) {
        h.parties[i].district_seats += region.district_seats[i];
        official[i] += region.district_seats[i];
      }
    } else if (t->contains("district_seats")) {
      r.error(*t->get("district_seats"), path + ".district_seats",
              "without rule.mixed = \"compensatory\"",
              "list districts in parallel count no district seats");
    }
    for (std::size_t i = 0; i < region.votes.size(); ++i) h.parties[i].votes += region.votes[i];
    for (std::size_t i = 0; i < region.official_seats.size(); ++i)
      official[i] += region.official_seats[i];
    h.other_valid += region.other_valid;
    h.region_results.push_back(std::move(region));
  }
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    if (official[i] != h.parties[i].official_seats) {
      r.error(*(*root.get_as<toml::array>("parties"))[i].as_table(),
              fmt::format("parties[{}].official_seats", i),
              fmt::format("{}, but its [[regions]] {} sum to {}", h.parties[i].official_seats,
                          compensatory ? "official_seats and district_seats" : "official_seats",
                          official[i]),
              "a party's seats are its seats in the districts");
    }
  }
}

}  // namespace

sim::History load_history(std::string_view text, std::string_view source) {
  const toml::table root = parse_toml(text, source);
  TomlReader r(source);
  sim::History h;
  h.source = std::string(source);
  r.check_keys(root, "", {"election", "rule", "votes", "parties", "regions"});
  read_election(r, root, h);
  read_rule(r, root, h);
  if (h.regions && root.contains("votes")) {
    r.error(*root.get("votes"), "votes", "beside [[regions]]",
            "each district's blank votes are its [[regions]] other_valid");
  }
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
  read_regions(r, root, h);
  r.throw_if_errors();
  return h;
}

sim::History load_history_file(const std::filesystem::path& path) {
  return load_history(read_text_file(path), path.string());
}

}  // namespace seatsim::scenario
