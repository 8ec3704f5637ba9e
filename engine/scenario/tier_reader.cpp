#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/rules/limits.hpp"
#include "engine/scenario/district_table.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

using model::OptionKind;

}  // namespace

void read_method_variants(TomlReader& r, const toml::table& table, const std::string& path,
                          rules::ListRule& rule) {
  if (table.contains("first_divisor") && rule.method != rules::Method::modified_sainte_lague) {
    r.error(*table.get("first_divisor"), path + ".first_divisor",
            "without method = \"modified-sainte-lague\"", "only that method has a first divisor");
  }
  rule.first_divisor_ppb = rules::to_parts_per_billion(
      r.bounded(table, path, "first_divisor", Presence::optional, 1.0, 2.0,
                "the first divisor before 3, 5, 7, ...: 1.4 (Norway), 1.2 (Sweden)")
          .value_or(1.4));
  if (table.contains("quota_rounding") && rule.method != rules::Method::droop) {
    r.error(*table.get("quota_rounding"), path + ".quota_rounding", "without method = \"droop\"",
            "only the Droop quota is rounded this way");
  }
  rule.droop = r.choice<rules::DroopRounding>(table, path, "quota_rounding", Presence::optional)
                   .value_or(rules::DroopRounding::floor_plus_one);
}

void read_bonus(TomlReader& r, const toml::table& table, const std::string& path,
                rules::ListRule& rule) {
  r.check_keys(table, path, {"seats", "from", "step", "max_seats"});
  rules::Bonus& bonus = rule.bonus;
  bonus.seats = static_cast<int>(r.integer(table, path, "seats", Presence::required, 1, rule.seats,
                                           "the bonus at `from`, within the list tier's seats")
                                     .value_or(1));
  bonus.from_ppb = rules::to_parts_per_billion(
      r.bounded(table, path, "from", Presence::required, 0.0, 1.0,
                "the share of the threshold base from which the first list takes the bonus")
          .value_or(0.0));
  bonus.step_ppb = rules::to_parts_per_billion(
      r.bounded(table, path, "step", Presence::optional, 0.0, 1.0,
                "one more seat for each whole step of share above `from`; 0: none")
          .value_or(0.0));
  bonus.max_seats = static_cast<int>(
      r.integer(table, path, "max_seats", Presence::optional, bonus.seats, rule.seats,
                "the largest bonus, from `seats` to the list tier's seats")
          .value_or(bonus.seats));
}

namespace {

void read_list_tier(TomlReader& r, const toml::table& tiers, sim::Scenario& s) {
  const auto* table = r.table(tiers, "tiers", "list", Presence::optional);
  if (!table) return;
  const std::string path = "tiers.list";
  r.check_keys(*table, path,
               {"seats", "method", "threshold", "threshold_base", "ties", "min_admitted", "waiver",
                "first_divisor", "quota_rounding"});
  rules::ListRule rule;
  rule.seats = static_cast<int>(r.integer(*table, path, "seats", Presence::required, 1,
                                          rules::kMaxSeats, "a tier needs at least one seat")
                                    .value_or(1));
  rule.method = r.choice<rules::Method>(*table, path, "method", Presence::required)
                    .value_or(rules::Method::hare);
  rule.threshold.parts_per_billion =
      r.threshold(*table, path, "threshold", "a threshold is a share of the vote, below 1")
          .value_or(0);
  rule.threshold.base =
      r.choice<rules::ThresholdBase>(*table, path, "threshold_base", Presence::optional)
          .value_or(rules::ThresholdBase::valid);
  rule.ties = r.choice<rules::TiePolicy>(*table, path, "ties", Presence::optional)
                  .value_or(rules::TiePolicy::registration_order);
  rule.min_admitted = static_cast<int>(
      r.integer(*table, path, "min_admitted", Presence::optional, 0, rules::kMaxOptions,
                "the number of lists the runner-up rule guarantees")
          .value_or(0));
  rule.waiver_district_seats = static_cast<int>(
      r.integer(*table, path, "waiver", Presence::optional, 0, rules::kMaxDistricts,
                "the district seats that admit a list whatever its share")
          .value_or(0));
  read_method_variants(r, *table, path, rule);
  s.list_tier = rule;
}

// One district's candidate strengths, per option (0 where none is given): log-multipliers of the
// scores of candidates who stand there, such as an incumbent's personal vote.
std::vector<double> read_district_strength(TomlReader& r, const toml::table& district,
                                           const std::string& path,
                                           const std::vector<OptionEntry>& entries,
                                           const std::vector<double>& baseline) {
  std::vector<double> strength(entries.size(), 0.0);
  const auto* values = r.table(district, path, "strength", Presence::optional);
  if (!values) return strength;
  const std::string table_path = path + ".strength";
  for (const auto& [id, node] : *values) {
    const std::string value_path = fmt::format("{}.{}", table_path, id.str());
    const auto k = find_option(r, entries, id, value_path);
    if (!k) continue;
    const auto value = r.bounded(*values, table_path, id.str(), Presence::required, -10.0, 10.0,
                                 "a strength is a natural-log multiplier of the candidate's score");
    if (!value) continue;
    if (!model::wins_seats(entries[*k].option.kind) || baseline[*k] <= 0.0) {
      r.error(node, value_path, "no candidate here",
              "only an option that can win and stands in this district takes a strength");
      continue;
    }
    strength[*k] = *value;
  }
  return strength;
}

// One district's baseline share per option, from either `baseline` shares or `multiplier`s of each
// option's reference share (its national mean share, or its district_share if district-only).
std::vector<double> read_district_baseline(TomlReader& r, const toml::table& district,
                                           const std::string& path,
                                           const std::vector<OptionEntry>& entries,
                                           const std::vector<double>& reference) {
  std::vector<double> baseline(entries.size(), 0.0);
  const bool has_baseline = district.contains("baseline");
  const bool has_multiplier = district.contains("multiplier");
  if (has_baseline == has_multiplier) {
    r.error(district, path,
            has_baseline ? "both baseline and multiplier" : "neither baseline nor multiplier",
            "give a district exactly one of them");
    return baseline;
  }
  const std::string_view key = has_baseline ? "baseline" : "multiplier";
  const auto* values = r.table(district, path, key, Presence::required);
  if (!values) return baseline;
  if (!has_baseline) baseline = reference;  // options not named keep multiplier 1
  for (const auto& [id, node] : *values) {
    const auto k = find_option(r, entries, id, fmt::format("{}.{}.{}", path, key, id.str()));
    if (!k) continue;
    const auto value =
        has_baseline
            ? r.bounded(*values, fmt::format("{}.{}", path, key), id.str(), Presence::required, 0.0,
                        1.0, "a baseline is a share of the district's vote")
            : r.bounded(*values, fmt::format("{}.{}", path, key), id.str(), Presence::required, 0.0,
                        1000.0, "a multiplier scales the option's reference share");
    if (value) baseline[*k] = has_baseline ? *value : *value * reference[*k];
  }
  return baseline;
}

// Each option's reference share, which a multiplier scales (its national share as written, or its
// district_share if district-only); and into spec.reference_mean the list-ballot shares at which
// the baselines hold.
std::vector<double> reference_shares(const std::vector<OptionEntry>& entries,
                                     model::DistrictTierSpec& spec) {
  std::vector<double> reference;
  double written_total = 0.0;
  for (const auto& e : entries) {
    const bool listed = model::on_list_ballot(e.option.kind);
    reference.push_back(listed ? e.written_share : e.district_share);
    if (listed) written_total += e.written_share;
  }
  for (const auto& e : entries) {
    if (model::on_list_ballot(e.option.kind) && written_total > 0.0) {
      spec.reference_mean.push_back(e.written_share / written_total);
    }
  }
  return reference;
}

// [[tiers.districts.district]]: one table per district, into spec.districts.
void read_district_tables(TomlReader& r, const toml::table& table,
                          const std::vector<OptionEntry>& entries,
                          const std::vector<double>& reference, model::DistrictTierSpec& spec) {
  const std::string path = "tiers.districts";
  std::set<std::string> names;
  for (const auto& [district, dpath] :
       r.tables(table, path, "district", 1, rules::kMaxDistricts, "districts",
                fmt::format("a district tier needs 1 to {} districts", rules::kMaxDistricts))) {
    r.check_keys(*district, dpath, {"name", "region", "baseline", "multiplier", "strength"});
    model::DistrictSpec spec_d;
    spec_d.name = r.string(*district, dpath, "name", Presence::required).value_or("");
    spec_d.region = r.string(*district, dpath, "region", Presence::optional).value_or("");
    if (!spec_d.name.empty() && !names.insert(spec_d.name).second) {
      r.error(*district->get("name"), dpath + ".name",
              fmt::format("duplicate district \"{}\"", spec_d.name),
              "district names must be unique");
    }
    spec_d.baseline = read_district_baseline(r, *district, dpath, entries, reference);
    spec_d.strength = read_district_strength(r, *district, dpath, entries, spec_d.baseline);
    bool anyone_can_win = false;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      anyone_can_win |= model::wins_seats(entries[k].option.kind) && spec_d.baseline[k] > 0.0;
    }
    if (!anyone_can_win && r.ok()) {
      r.error(*district, dpath, "no candidate can win",
              "at least one party or district_only option must stand");
    }
    spec.districts.push_back(std::move(spec_d));
  }
}

// [tiers.districts] file = "districts.csv" (beside the scenario): the districts from a CSV file
// (scenario/district_table.hpp) instead of [[tiers.districts.district]].
void read_district_file(TomlReader& r, const toml::table& table, const std::string& source,
                        const std::vector<OptionEntry>& entries,
                        const std::vector<double>& reference, model::DistrictTierSpec& spec) {
  const auto file = r.string(table, "tiers.districts", "file", Presence::required);
  const auto values =
      r.choice<DistrictValues>(table, "tiers.districts", "values", Presence::optional)
          .value_or(DistrictValues::baseline);
  if (table.contains("district")) {
    r.error(*table.get("district"), "tiers.districts.district",
            "both [[tiers.districts.district]] and file",
            "give the districts in the scenario or in the file, not both");
  }
  if (!file || !r.ok()) return;
  std::vector<std::string> ids;
  std::vector<char> can_win;
  for (const auto& e : entries) {
    ids.push_back(e.option.id);
    can_win.push_back(model::wins_seats(e.option.kind));
  }
  try {
    spec.districts = read_district_table_file(
        std::filesystem::path(source).parent_path() / *file,
        {.values = values, .option_ids = ids, .reference = reference, .can_win = can_win});
  } catch (const InputError& error) {
    for (const auto& message : error.messages()) {
      r.error(*table.get("file"), "tiers.districts.file", message,
              "the districts of [tiers.districts] file");
    }
  }
}

void read_district_tier(TomlReader& r, const toml::table& tiers, sim::Scenario& s,
                        const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(tiers, "tiers", "districts", Presence::optional);
  if (!table) return;
  const std::string path = "tiers.districts";
  r.check_keys(*table, path, {"noise", "regional_swing", "district", "file", "values"});
  if (table->contains("values") && !table->contains("file")) {
    r.error(*table->get("values"), path + ".values", "values without file",
            "values says what the option columns of [tiers.districts] file hold");
  }
  model::DistrictTierSpec spec;
  spec.noise_sd = r.bounded(*table, path, "noise", Presence::required, 0.0, 10.0,
                            "the standard deviation of the log district noise")
                      .value_or(0.0);
  spec.region_sd = r.bounded(*table, path, "regional_swing", Presence::optional, 0.0, 10.0,
                             "the standard deviation of the log regional swing")
                       .value_or(0.0);
  const std::vector<double> reference = reference_shares(entries, spec);
  if (table->contains("file")) {
    read_district_file(r, *table, s.source, entries, reference, spec);
  } else {
    read_district_tables(r, *table, entries, reference, spec);
  }
  // Also when the districts could not be read: the errors are about them, not a missing tier.
  s.district_tier = std::move(spec);
}

// The rule of [tiers.regions]: its method and variants, threshold, scope and ties.
rules::RegionalRule read_regional_rule(TomlReader& r, const toml::table& table,
                                       const std::string& path) {
  rules::RegionalRule rule;
  rule.list.method = r.choice<rules::Method>(table, path, "method", Presence::required)
                         .value_or(rules::Method::dhondt);
  rule.list.threshold.parts_per_billion =
      r.threshold(table, path, "threshold", "a threshold is a share of the vote, below 1")
          .value_or(0);
  rule.list.threshold.base =
      r.choice<rules::ThresholdBase>(table, path, "threshold_base", Presence::optional)
          .value_or(rules::ThresholdBase::valid);
  rule.scope = r.choice<rules::ThresholdScope>(table, path, "threshold_scope", Presence::optional)
                   .value_or(rules::ThresholdScope::region);
  rule.list.ties = r.choice<rules::TiePolicy>(table, path, "ties", Presence::optional)
                       .value_or(rules::TiePolicy::registration_order);
  read_method_variants(r, table, path, rule.list);
  return rule;
}

// One [[tiers.regions.region]]: its seats and valid votes into the tier, its vote as a district.
void read_region(TomlReader& r, const toml::table& region, const std::string& path,
                 const std::vector<OptionEntry>& entries, const std::vector<double>& reference,
                 sim::RegionalTier& tier) {
  r.check_keys(region, path, {"name", "seats", "valid_votes", "baseline", "multiplier"});
  model::DistrictSpec spec;
  spec.name = r.string(region, path, "name", Presence::required).value_or("");
  tier.rule.seats.push_back(
      static_cast<int>(r.integer(region, path, "seats", Presence::required, 1, rules::kMaxSeats,
                                 "a list district elects at least one member")
                           .value_or(1)));
  tier.weight.push_back(static_cast<double>(
      r.integer(region, path, "valid_votes", Presence::required, 1, rules::kMaxVotes,
                "the district's valid votes, its weight in the national total")
          .value_or(1)));
  spec.baseline = read_district_baseline(r, region, path, entries, reference);
  bool any_list = false;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto kind = entries[k].option.kind;
    if (!model::on_list_ballot(kind) && spec.baseline[k] > 0.0) {
      r.error(region, path, fmt::format("{} is not on the list ballot", entries[k].option.id),
              "a list district's vote is shared among list-ballot options only");
    }
    any_list |= kind == OptionKind::party && spec.baseline[k] > 0.0;
  }
  if (!any_list && r.ok()) {
    r.error(region, path, "no list stands", "at least one option of kind \"party\" must stand");
  }
  tier.vote.districts.push_back(std::move(spec));
}

// [tiers.regions]: PR in multi-member list districts, each drawn by the district model.
void read_regional_tier(TomlReader& r, const toml::table& tiers, sim::Scenario& s,
                        const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(tiers, "tiers", "regions", Presence::optional);
  if (!table) return;
  const std::string path = "tiers.regions";
  r.check_keys(*table, path,
               {"method", "threshold", "threshold_base", "threshold_scope", "ties", "first_divisor",
                "quota_rounding", "noise", "region"});
  sim::RegionalTier tier{
      .rule = read_regional_rule(r, *table, path), .vote = {}, .weight = {}, .district_region = {}};
  tier.vote.noise_sd = r.bounded(*table, path, "noise", Presence::required, 0.0, 10.0,
                                 "the standard deviation of the log district noise")
                           .value_or(0.0);
  const std::vector<double> reference = reference_shares(entries, tier.vote);
  const auto regions =
      r.tables(*table, path, "region", 1, rules::kMaxDistricts, "districts",
               fmt::format("a list-district tier needs 1 to {} districts", rules::kMaxDistricts));
  if (regions.empty()) return;
  std::set<std::string> names;
  for (const auto& [region, rpath] : regions) {
    read_region(r, *region, rpath, entries, reference, tier);
    const std::string& name = tier.vote.districts.back().name;
    if (!name.empty() && !names.insert(name).second) {
      r.error(*region->get("name"), rpath + ".name", fmt::format("duplicate district \"{}\"", name),
              "list district names must be unique");
    }
  }
  double total = 0.0;
  for (const double w : tier.weight) total += w;
  for (double& w : tier.weight) w /= total;
  s.regional_tier = std::move(tier);
}

// Regional compensation: each single-member district's region must name a list district, which
// compensates for it (Scotland Act 1998 s.7: a region's constituency members are counted there);
// the regional method must be a divisor method, whose count continues from the district seats.
void read_district_regions(TomlReader& r, const toml::table& tiers, sim::Scenario& s) {
  auto& tier = *s.regional_tier;
  const auto* regions = tiers.get_as<toml::table>("regions");
  if (rules::is_largest_remainder(tier.rule.list.method)) {
    r.error(
        *regions->get("method"), "tiers.regions.method",
        fmt::format("\"{}\" under regional compensation", rules::to_string(tier.rule.list.method)),
        "the count continues from each list's district seats as divisors: use a divisor "
        "method such as dhondt");
  }
  const auto* table = tiers.get_as<toml::table>("districts");
  const auto* inline_districts = table->get_as<toml::array>("district");
  const auto& districts = s.district_tier->districts;
  for (std::size_t j = 0; j < districts.size(); ++j) {
    const auto& names = tier.vote.districts;
    const auto found = std::find_if(names.begin(), names.end(), [&](const auto& region) {
      return region.name == districts[j].region;
    });
    if (found != names.end()) {
      tier.district_region.push_back(static_cast<int>(found - names.begin()));
      continue;
    }
    // Inline districts point at their region (or their table); a file's at the file key.
    const toml::table* district = inline_districts ? (*inline_districts)[j].as_table() : nullptr;
    const toml::node* node =
        district ? (district->contains("region") ? district->get("region") : district)
                 : table->get("file");
    const std::string path =
        district ? fmt::format("tiers.districts.district[{}].region", j) : "tiers.districts.file";
    r.error(*node, path,
            districts[j].region.empty()
                ? fmt::format("district \"{}\" has no region", districts[j].name)
                : fmt::format("district \"{}\": region \"{}\" is no list district",
                              districts[j].name, districts[j].region),
            "under regional compensation each district's region names the "
            "[[tiers.regions.region]] that compensates for it");
  }
}

// How the tiers combine: [tiers] mixed, overhang and max_house, checked against the tiers read.
void read_composition(TomlReader& r, const toml::table& tiers, sim::Scenario& s) {
  s.composition = r.choice<rules::Composition>(tiers, "tiers", "mixed", Presence::optional)
                      .value_or(rules::Composition::parallel);
  const bool compensatory = s.composition == rules::Composition::compensatory;
  // Regional compensation: list districts without a national list tier.
  const bool regional = compensatory && s.regional_tier && !s.list_tier;
  if (compensatory && !((s.list_tier || s.regional_tier) && s.district_tier)) {
    r.error(*tiers.get("mixed"), "tiers.mixed", "compensatory without both tiers",
            "list seats compensate for district seats: declare [tiers.districts] and "
            "[tiers.list] (or [tiers.regions], regional compensation)");
  }
  if (tiers.contains("overhang") && (!compensatory || regional)) {
    r.error(*tiers.get("overhang"), "tiers.overhang",
            regional ? "under regional compensation" : "without mixed = \"compensatory\"",
            regional ? "a list keeps its district seats and its region's list seats are given on "
                       "top of them, so there is no overhang"
                     : "only a compensatory list tier has overhang");
  }
  s.overhang = r.choice<rules::Overhang>(tiers, "tiers", "overhang", Presence::optional)
                   .value_or(rules::Overhang::grow_house);
  const bool levelling = compensatory && s.overhang == rules::Overhang::levelling;
  if (tiers.contains("max_house") && !levelling) {
    r.error(*tiers.get("max_house"), "tiers.max_house", "without overhang = \"levelling\"",
            "only levelling grows the house");
  }
  if (levelling) {
    s.max_house = static_cast<int>(
        r.integer(tiers, "tiers", "max_house", Presence::required, s.house_size(), rules::kMaxSeats,
                  "the largest house levelling may reach, from the house up")
            .value_or(rules::kMaxSeats));
  }
  if (compensatory && s.regional_tier && s.list_tier) {
    r.error(*tiers.get("regions"), "tiers.regions",
            "beside [tiers.list] under mixed = \"compensatory\"",
            "either the national list compensates (drop [tiers.regions] or use mixed = "
            "\"parallel\") or the list districts do, each for its region (drop [tiers.list])");
  }
  if (regional && s.district_tier && r.ok()) read_district_regions(r, tiers, s);
  if (s.list_tier && s.list_tier->waiver_district_seats > 0 && !s.district_tier) {
    r.error(*tiers.get("list")->as_table()->get("waiver"), "tiers.list.waiver",
            "a waiver without districts",
            "a waiver counts district seats: declare [tiers.districts]");
  }
}

// [tiers.bonus]: the majority bonus of the list tier, under parallel tiers.
void read_tier_bonus(TomlReader& r, const toml::table& tiers, sim::Scenario& s) {
  const auto* table = r.table(tiers, "tiers", "bonus", Presence::optional);
  if (!table) return;
  if (!s.list_tier || s.composition != rules::Composition::parallel) {
    r.error(*table, "tiers.bonus",
            s.list_tier ? "under mixed = \"compensatory\"" : "without [tiers.list]",
            "a bonus goes to the first list of a [tiers.list] under mixed = \"parallel\"");
    return;
  }
  read_bonus(r, *table, "tiers.bonus", *s.list_tier);
}

// Per party, its exemption from the list threshold ([parties.<id>] threshold_exempt) and its own
// threshold ([parties.<id>] threshold), for parties under a list tier.
void read_party_rules(TomlReader& r, sim::Scenario& s, const std::vector<OptionEntry>& entries) {
  std::vector<rules::Exemption> exemptions;
  std::vector<std::int64_t> thresholds;
  bool any_exempt = false;
  bool any_threshold = false;
  for (const auto& e : entries) {
    for (const auto& [node, key] : {std::pair{e.threshold_exempt, "threshold_exempt"},
                                    std::pair{e.threshold_node, "threshold"}}) {
      if (node && (e.option.kind != OptionKind::party || !s.list_tier)) {
        r.error(*node, join_path(join_path("parties", e.option.id), key), "no list threshold here",
                "only a party under a [tiers.list] has a threshold");
      }
    }
    if (e.option.kind != OptionKind::party || !s.list_tier) continue;
    exemptions.push_back(e.threshold_exempt ? rules::Exemption::exempt : rules::Exemption::none);
    any_exempt |= e.threshold_exempt != nullptr;
    thresholds.push_back(e.threshold ? rules::to_parts_per_billion(*e.threshold)
                                     : s.list_tier->threshold.parts_per_billion);
    any_threshold |= e.threshold.has_value();
  }
  if (any_exempt) s.exemptions = std::move(exemptions);
  if (any_threshold) s.thresholds = std::move(thresholds);
}

}  // namespace

void read_tiers(TomlReader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries) {
  const auto* tiers = r.table(root, "", "tiers", Presence::required);
  if (!tiers) return;
  r.check_keys(*tiers, "tiers",
               {"list", "districts", "regions", "mixed", "overhang", "max_house", "bonus"});
  read_list_tier(r, *tiers, s);
  read_district_tier(r, *tiers, s, entries);
  read_regional_tier(r, *tiers, s, entries);
  read_composition(r, *tiers, s);
  read_tier_bonus(r, *tiers, s);
  read_party_rules(r, s, entries);
  if (!s.list_tier && !s.district_tier && !s.regional_tier) {
    r.error(*tiers, "tiers", "no tiers",
            "declare at least one of [tiers.list], [tiers.districts] and [tiers.regions]");
  }
  if (s.house_size() > rules::kMaxSeats) {
    r.error(*tiers, "tiers", fmt::format("{} seats in all", s.house_size()),
            fmt::format("at most {} seats are supported", rules::kMaxSeats));
  }
  const bool has_party = std::any_of(entries.begin(), entries.end(), [](const auto& e) {
    return e.option.kind == OptionKind::party;
  });
  if ((s.list_tier || s.regional_tier) && !has_party && !entries.empty()) {
    r.error(*tiers, "tiers.list", "no party to allocate to",
            "a list tier needs at least one option of kind \"party\"");
  }
  for (const auto& e : entries) {
    if (e.option.kind == OptionKind::district_only && !s.district_tier) {
      r.error(e.source, join_path("parties", e.option.id) + ".kind",
              "district_only without districts", "declare [tiers.districts] or remove the option");
    }
  }
}

}  // namespace seatsim::scenario
