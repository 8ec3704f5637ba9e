#include "engine/report/allocation_report.hpp"

#include "engine/report/append_line.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

namespace seatsim::report {
namespace {

struct Allocation {
  const CountedVotes& counted;
  std::vector<int> district_seats;  // per list, zeros when none were given
  std::vector<rules::Admission> admission;
  std::vector<int> list_seats;
  std::vector<int> seats;
  std::vector<int> region_seats;  // [district * parties + party], with list districts
  rules::MixedOutcome outcome;
  rules::Votes base_votes = 0;  // what threshold shares are shares of
};

Allocation allocate(const rules::ElectoralSystem& system, const CountedVotes& counted) {
  const std::size_t n = counted.parties.size();
  Allocation a{.counted = counted,
               .district_seats = counted.district_seats,
               .admission = std::vector<rules::Admission>(n),
               .list_seats = std::vector<int>(n),
               .seats = std::vector<int>(n),
               .region_seats = std::vector<int>(counted.region_votes.size()),
               .outcome = {}};
  if (a.district_seats.empty()) a.district_seats.assign(n, 0);
  const rules::ListBallot ballot{.lists = counted.votes,
                                 .other_valid = counted.against_all,
                                 .invalid = counted.invalid,
                                 .district_seats = a.district_seats};
  a.outcome = system.allocate(ballot,
                              {.list_seats = a.list_seats,
                               .total_seats = a.seats,
                               .admission = a.admission,
                               .region_seats = a.region_seats},
                              {.votes = counted.region_votes,
                               .other_valid = counted.region_other_valid,
                               .invalid = counted.region_invalid,
                               .district_seats = counted.region_district_seats});
  // List districts' seats are list seats, as in a simulated draw.
  for (std::size_t k = 0; k < a.region_seats.size(); ++k) a.list_seats[k % n] += a.region_seats[k];
  a.base_votes = system.threshold_base(ballot);
  return a;
}

double share(const Allocation& a, std::size_t i) {
  return a.base_votes > 0
             ? static_cast<double>(a.counted.votes[i]) / static_cast<double>(a.base_votes)
             : 0.0;
}

// Whether the system combines its list tier with districts (a list tier alone does not).
bool mixed(const rules::ElectoralSystem& system) {
  return system.district_seats() > 0 || system.composition() == rules::Composition::compensatory;
}

// What a threshold is a share of, for the header (the key's values are party_votes, valid and
// ballots).
std::string_view in_words(rules::ThresholdBase base) {
  switch (base) {
    case rules::ThresholdBase::party_votes: return "the lists' votes";
    case rules::ThresholdBase::valid: return "valid votes";
    case rules::ThresholdBase::ballots: return "ballots cast";
  }
  return "?";
}

std::string describe(const rules::ElectoralSystem& system) {
  if (!system.list_tier()) {
    const auto& regions = *system.regional_tier();
    return fmt::format(
        "{} in {}, {}, threshold {}% of {} per {}{}", rules::to_string(regions.list.method),
        counted(regions.seats.size(), "list district"), counted(system.regional_seats(), "seat"),
        100.0 * static_cast<double>(regions.list.threshold.parts_per_billion) /
            rules::kPartsPerBillion,
        in_words(regions.list.threshold.base),
        regions.scope == rules::ThresholdScope::region ? "district" : "nation",
        system.composition() == rules::Composition::compensatory
            ? fmt::format(", compensating for {}",
                          counted(system.district_seats(), "single-member seat"))
        : system.district_seats() > 0
            ? fmt::format(", plus {} in parallel",
                          counted(system.district_seats(), "single-member seat"))
            : "");
  }
  const auto& list = *system.list_tier();
  std::string text = fmt::format(
      "{}, {}, threshold {}% of {}", rules::to_string(list.method), counted(list.seats, "seat"),
      100.0 * static_cast<double>(list.threshold.parts_per_billion) / rules::kPartsPerBillion,
      in_words(list.threshold.base));
  if (list.waiver_district_seats > 0)
    text += fmt::format(" or {}", counted(list.waiver_district_seats, "district seat"));
  if (mixed(system)) {
    text += fmt::format(", {}", rules::to_string(system.composition()));
    if (system.composition() == rules::Composition::compensatory)
      text += fmt::format(" ({})", rules::to_string(system.overhang()));
  }
  return text;
}

std::string to_text(const Allocation& a, const std::vector<int>* official) {
  const auto& parties = a.counted.parties;
  std::size_t width = 5;
  for (const auto& p : parties) width = std::max(width, p.size());
  std::string out = fmt::format("{:<{}}  {:>11}  {:>7}  {:>9}  {:>5}", "party", width, "votes",
                                "share", "admitted", "seats");
  if (official) out += "  official";
  out += "\n";
  for (std::size_t i = 0; i < parties.size(); ++i) {
    out += fmt::format("{:<{}}  {:>11}  {:>6.2f}%  {:>9}  {:>5}", parties[i], width,
                       a.counted.votes[i], 100.0 * share(a, i), rules::to_string(a.admission[i]),
                       a.seats[i]);
    if (official) {
      out += fmt::format("  {:>8}{}", (*official)[i],
                         (*official)[i] == a.seats[i] ? "" : "  <- mismatch");
    }
    out += "\n";
  }
  out += fmt::format("total seats: {}", a.outcome.house);
  if (a.outcome.overhang > 0) out += fmt::format(" (overhang {})", a.outcome.overhang);
  if (a.outcome.levelling > 0) out += fmt::format(" (levelling {})", a.outcome.levelling);
  if (a.outcome.unseated > 0)
    out += fmt::format(" ({} not seated)", counted(a.outcome.unseated, "district winner"));
  if (a.outcome.list.bonus > 0) out += fmt::format(" (majority bonus {})", a.outcome.list.bonus);
  if (a.outcome.list.tie_decided) out += " (the last seat was decided by the tie rule)";
  if (a.outcome.list.unfilled) out += " (no list was admitted: the list seats are unfilled)";
  if (a.outcome.levelling_capped) {
    out += fmt::format(
        " (levelling stopped at its cap of {} seats; the districts it leaves "
        "uncovered are overhang)",
        rules::kMaxLevelledHouse);
  }
  return out + "\n";
}

nlohmann::ordered_json to_json(const Allocation& a, const std::vector<int>* official) {
  const auto& parties = a.counted.parties;
  nlohmann::ordered_json out;
  out["seats"] = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < parties.size(); ++i) out["seats"][parties[i]] = a.seats[i];
  out["total"] = a.outcome.house;
  out["overhang"] = a.outcome.overhang;
  out["levelling"] = a.outcome.levelling;
  out["unseated"] = a.outcome.unseated;
  out["bonus"] = a.outcome.list.bonus;
  out["tie_decided"] = a.outcome.list.tie_decided;
  out["unfilled"] = a.outcome.list.unfilled;
  out["levelling_capped"] = a.outcome.levelling_capped;
  out["parties"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < parties.size(); ++i) {
    nlohmann::ordered_json p{{"party", parties[i]},
                             {"votes", a.counted.votes[i]},
                             {"share", share(a, i)},
                             {"admitted", rules::to_string(a.admission[i])},
                             {"district_seats", a.district_seats[i]},
                             {"list_seats", a.list_seats[i]},
                             {"seats", a.seats[i]}};
    if (official) p["official_seats"] = (*official)[i];
    out["parties"].push_back(std::move(p));
  }
  return out;
}

// Each list district's seats per party, and its official ones when they are known.
nlohmann::ordered_json regions_json(const Allocation& a, const std::vector<int>* official) {
  const std::size_t n = a.counted.parties.size();
  // List district d's row of a [district * parties + party] table, as {party: value}.
  auto row = [&](const std::vector<int>& table, std::size_t d) {
    nlohmann::ordered_json by_party = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < n; ++i) by_party[a.counted.parties[i]] = table[d * n + i];
    return by_party;
  };
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t d = 0; d < a.counted.regions.size(); ++d) {
    nlohmann::ordered_json region{{"region", a.counted.regions[d]},
                                  {"seats", row(a.region_seats, d)}};
    if (official) region["official_seats"] = row(*official, d);
    out.push_back(std::move(region));
  }
  return out;
}

// Each list district's seats: a row per district, a column per party (as the run's text report
// prints their means).
std::string region_table(const Allocation& a) {
  const auto& parties = a.counted.parties;
  const std::size_t n = parties.size();
  if (a.counted.regions.empty()) return "";
  std::size_t width = 8;
  for (const auto& region : a.counted.regions) width = std::max(width, region.size());
  std::string out = "seats per list district\n";
  std::string header = fmt::format("  {:<{}}", "district", width);
  for (const auto& p : parties)
    header += fmt::format("  {:>{}}", p, std::max<std::size_t>(p.size(), 3));
  append_line(out, "{}", header);
  for (std::size_t d = 0; d < a.counted.regions.size(); ++d) {
    std::string row = fmt::format("  {:<{}}", a.counted.regions[d], width);
    for (std::size_t i = 0; i < n; ++i) {
      row += fmt::format("  {:>{}}", a.region_seats[d * n + i],
                         std::max<std::size_t>(parties[i].size(), 3));
    }
    append_line(out, "{}", row);
  }
  return out;
}

// One line per list district whose seats differ from the official ones (none when all match).
std::string region_mismatches(const Allocation& a, const std::vector<int>& official) {
  const std::size_t n = a.counted.parties.size();
  std::string out;
  for (std::size_t d = 0; d < a.counted.regions.size(); ++d) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a.region_seats[d * n + i] == official[d * n + i]) continue;
      out += fmt::format("{}: {} {}, official {}  <- mismatch\n", a.counted.regions[d],
                         a.counted.parties[i], counted(a.region_seats[d * n + i], "seat"),
                         official[d * n + i]);
    }
  }
  return out;
}

}  // namespace

std::string allocation_report(const rules::ElectoralSystem& system, const CountedVotes& votes,
                              std::string_view source, AllocationFormat format) {
  const Allocation a = allocate(system, votes);
  if (format == AllocationFormat::json) {
    auto out = to_json(a, nullptr);
    if (!votes.regions.empty()) out["regions"] = regions_json(a, nullptr);
    return out.dump(2) + "\n";
  }
  return fmt::format("{} ({})\n{}{}", source, describe(system), to_text(a, nullptr),
                     region_table(a));
}

rules::ElectoralSystem electoral_system(const sim::History& history) {
  int district_seats = 0;
  std::vector<rules::Exemption> exemptions;
  std::vector<std::int64_t> thresholds;
  bool own_thresholds = false;
  for (const auto& party : history.parties) {
    if (history.composition) district_seats += party.district_seats;
    exemptions.push_back(party.exemption);
    thresholds.push_back(
        party.threshold_ppb.value_or(history.rule.list.threshold.parts_per_billion));
    own_thresholds |= party.threshold_ppb.has_value();
  }
  if (!own_thresholds) thresholds.clear();
  if (history.regions) {
    return rules::ElectoralSystem({.list = std::nullopt,
                                   .district_seats = district_seats,
                                   .composition = history.rule.composition,
                                   .exemptions = {},
                                   .thresholds = {},
                                   .regions = history.regions});
  }
  return rules::ElectoralSystem(
      {.list = history.rule.list,
       .district_seats = district_seats,
       .composition = history.composition.value_or(rules::Composition::parallel),
       .overhang = history.rule.overhang,
       .exemptions = std::move(exemptions),
       .thresholds = std::move(thresholds)});
}

HistoryCheck check_history(const sim::History& history, AllocationFormat format) {
  CountedVotes counted;
  counted.against_all = history.against_all + history.other_valid;
  counted.invalid = history.invalid;
  std::vector<int> official;
  for (const auto& p : history.parties) {
    counted.parties.push_back(p.name);
    counted.votes.push_back(p.votes);
    counted.district_seats.push_back(p.district_seats);
    official.push_back(p.official_seats);
  }
  std::vector<int> region_official;
  for (const auto& region : history.region_results) {
    counted.regions.push_back(region.name);
    counted.region_votes.insert(counted.region_votes.end(), region.votes.begin(),
                                region.votes.end());
    counted.region_other_valid.push_back(region.other_valid);
    counted.region_district_seats.insert(counted.region_district_seats.end(),
                                         region.district_seats.begin(),
                                         region.district_seats.end());
    region_official.insert(region_official.end(), region.official_seats.begin(),
                           region.official_seats.end());
  }
  const rules::ElectoralSystem system = electoral_system(history);
  const Allocation a = allocate(system, counted);
  HistoryCheck check{.report = {},
                     .matches = a.seats == official && a.region_seats == region_official};
  if (format == AllocationFormat::json) {
    auto out = to_json(a, &official);
    out["election"] = history.name;
    if (!counted.regions.empty()) out["regions"] = regions_json(a, &region_official);
    out["matches_official"] = check.matches;
    check.report = out.dump(2) + "\n";
  } else {
    check.report = fmt::format(
        "{}, {} ({})\n{}{}{}{}\n", history.name, history.date, describe(system),
        to_text(a, &official), region_table(a), region_mismatches(a, region_official),
        check.matches ? "matches the official result" : "DOES NOT match the official result");
  }
  return check;
}

}  // namespace seatsim::report
