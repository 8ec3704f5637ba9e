#include "engine/report/json_report.hpp"

#include <algorithm>

namespace seatsim::report {

// The list districts: each one's name and seats (their seats per party are in each party's list
// seats).
static nlohmann::ordered_json regions_json(const sim::Scenario& scenario) {
  const auto& tier = *scenario.regional_tier;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t d = 0; d < tier.rule.seats.size(); ++d) {
    out.push_back({{"name", tier.vote.districts[d].name}, {"seats", tier.rule.seats[d]}});
  }
  return out;
}
namespace {

using Json = nlohmann::ordered_json;

Json quantiles_json(const std::vector<sim::ShareQuantile>& quantiles) {
  Json out = Json::array();
  for (const auto& q : quantiles) {
    out.push_back({{"percent", q.percent}, {"value", q.value}, {"se", q.se}});
  }
  return out;
}

// The histogram from its first to its last non-empty bin, so that a share that stays within a few
// points takes a few dozen numbers, not a thousand.
Json share_json(const sim::ShareDistribution& d) {
  const auto& h = d.histogram;
  const auto first = std::find_if(h.begin(), h.end(), [](auto n) { return n > 0; });
  const auto last = std::find_if(h.rbegin(), h.rend(), [](auto n) { return n > 0; }).base();
  return Json{{"quantiles", quantiles_json(d.quantiles)},
              {"bin_width", 1.0 / static_cast<double>(sim::kShareDensityBins)},
              {"first_bin", first == h.end() ? 0 : first - h.begin()},
              {"histogram", first < last ? std::vector<std::uint64_t>(first, last)
                                         : std::vector<std::uint64_t>()}};
}

Json seats_json(const sim::SeatDistribution& d) {
  return Json{{"mean", d.mean}, {"mean_se", d.mean_se}, {"p5", d.p5},   {"p25", d.p25},
              {"p50", d.p50},   {"p75", d.p75},         {"p95", d.p95}, {"histogram", d.histogram}};
}

// A party's seats in each list district, in the order of tiers.regions.
Json region_seats_json(const sim::Scenario& scenario, const std::vector<sim::RegionSeats>& seats) {
  Json out = Json::array();
  for (std::size_t d = 0; d < seats.size(); ++d) {
    out.push_back({{"name", scenario.regional_tier->vote.districts[d].name},
                   {"mean", seats[d].mean},
                   {"mean_se", seats[d].mean_se},
                   {"p_any_seat", seats[d].any_seat.p},
                   {"p_any_seat_se", seats[d].any_seat.se}});
  }
  return out;
}

}  // namespace

Json parties_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  Json parties = Json::array();
  for (const auto& o : summary.options) {
    Json p{
        {"id", o.option->id}, {"name", o.option->name}, {"kind", model::to_string(o.option->kind)}};
    if (!o.option->colour.empty()) p["colour"] = o.option->colour;
    if (o.mean_share) p["mean_share"] = *o.mean_share;
    if (o.share) p["share"] = share_json(*o.share);
    if (o.p_threshold) {
      p["p_threshold"] = o.p_threshold->p;
      p["p_threshold_se"] = o.p_threshold->se;
    }
    if (!o.p_share_lines.empty()) {
      Json lines = Json::array();
      for (std::size_t i = 0; i < o.p_share_lines.size(); ++i) {
        lines.push_back({{"line", scenario.questions.share_lines[i]},
                         {"p", o.p_share_lines[i].p},
                         {"se", o.p_share_lines[i].se}});
      }
      p["share_lines"] = std::move(lines);
    }
    if (o.p_any_seat) {
      p["p_any_seat"] = o.p_any_seat->p;
      p["p_any_seat_se"] = o.p_any_seat->se;
      p["p_largest"] = o.p_largest->p;
      p["p_largest_se"] = o.p_largest->se;
      p["seats"] = seats_json(*o.total_seats);
    }
    if (!o.threshold_distance.empty()) {
      p["threshold_distance"] = quantiles_json(o.threshold_distance);
    }
    if (o.next_seat) {
      p["next_seat_votes"] = {{"sampled", o.next_seat->sampled},
                              {"counted", o.next_seat->counted},
                              {"mean", o.next_seat->mean},
                              {"mean_se", o.next_seat->mean_se},
                              {"quantiles", quantiles_json(o.next_seat->quantiles)}};
    }
    if (o.list_seats) p["list_seats"] = seats_json(*o.list_seats);
    if (o.district_seats) p["district_seats"] = seats_json(*o.district_seats);
    if (o.overhang_mean) p["overhang_seats_mean"] = *o.overhang_mean;
    if (!o.region_seats.empty()) p["region_seats"] = region_seats_json(scenario, o.region_seats);
    if (o.bonus) {
      p["bonus_seats"] = {{"mean", o.bonus->mean_seats},
                          {"p_taken", o.bonus->taken.p},
                          {"p_taken_se", o.bonus->taken.se}};
    }
    parties.push_back(std::move(p));
  }
  return parties;
}

Json events_json(const sim::Summary& summary) {
  Json events = Json::array();
  for (const auto& e : summary.events) {
    events.push_back({{"name", e.name}, {"p", e.p.p}, {"se", e.p.se}});
  }
  return events;
}

Json coalitions_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  Json subsets = Json::array();
  for (const auto& c : summary.coalitions) {
    // Coalitions that never reach a majority in any draw are left out; the rest are in mask order.
    if (c.majority.p == 0.0) continue;
    Json members = Json::array();
    for (const int k : c.members) members.push_back(scenario.options[k].id);
    subsets.push_back({{"parties", std::move(members)},
                       {"p_majority", c.majority.p},
                       {"p_majority_se", c.majority.se},
                       {"p_two_thirds", c.two_thirds.p},
                       {"p_two_thirds_se", c.two_thirds.se}});
  }
  return Json{{"majority_seats", summary.coalition_lines.majority},
              {"two_thirds_seats", summary.coalition_lines.two_thirds},
              {"counted", !summary.coalitions.empty()},
              {"subsets", std::move(subsets)}};
}

Json blocs_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  Json blocs = Json::array();
  for (const auto& b : summary.blocs) {
    Json members = Json::array();
    for (const int k : b.bloc->members) members.push_back(scenario.options[k].id);
    blocs.push_back({{"name", b.bloc->name},
                     {"parties", std::move(members)},
                     {"p_majority", b.majority.p},
                     {"p_majority_se", b.majority.se},
                     {"p_two_thirds", b.two_thirds.p},
                     {"p_two_thirds_se", b.two_thirds.se},
                     {"seats", seats_json(b.seats)}});
  }
  return blocs;
}

Json correlation_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  const std::size_t m = summary.correlated.size();
  Json ids = Json::array();
  for (const int k : summary.correlated) ids.push_back(scenario.options[k].id);
  Json r = Json::array();
  Json se = Json::array();
  for (std::size_t a = 0; a < m && !summary.correlations.empty(); ++a) {
    Json r_row = Json::array();
    Json se_row = Json::array();
    for (std::size_t b = 0; b < m; ++b) {
      const auto& c = summary.correlations[a * m + b];
      r_row.push_back(c.r ? Json(*c.r) : Json());
      se_row.push_back(c.r ? Json(c.se) : Json());
    }
    r.push_back(std::move(r_row));
    se.push_back(std::move(se_row));
  }
  return Json{{"parties", std::move(ids)}, {"r", std::move(r)}, {"se", std::move(se)}};
}

// Every single-member district in scenario order: its contenders' P(win) and its favourite.
Json districts_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  Json districts = Json::array();
  for (const auto& d : summary.districts) {
    Json contenders = Json::array();
    for (const auto& c : d.contenders) {
      contenders.push_back(
          {{"id", scenario.options[c.option].id}, {"p_win", c.win.p}, {"p_win_se", c.win.se}});
    }
    const auto& spec = scenario.district_tier->districts[d.district];
    districts.push_back({{"name", spec.name},
                         {"region", spec.region},
                         {"favourite", scenario.options[d.contenders[d.favourite].option].id},
                         {"margin", d.margin.p},
                         {"margin_se", d.margin.se},
                         {"contenders", std::move(contenders)}});
  }
  return districts;
}

Json to_json(const sim::Scenario& scenario, const sim::Summary& summary,
             const sim::RunOptions& options, const sim::RunResult& result) {
  Json out;
  out["schema"] = kJsonSchema;
  out["scenario"] = {{"source", scenario.source},
                     {"election", scenario.election.name},
                     {"date", scenario.election.date}};
  out["seed"] = options.seed;
  out["draws"] = summary.draws;
  if (result.partial) out["partial"] = true;
  if (options.target_se > 0.0) {
    out["target_se"] = options.target_se;
    out["target_met"] = result.target_met;
  }
  out["house_size"] = scenario.house_size();
  out["tiers"] = {{"list_seats", scenario.list_seats()},
                  {"district_seats", scenario.district_seats()}};
  if (scenario.regional_tier) out["tiers"]["regions"] = regions_json(scenario);
  if (const rules::ListRule* rule = scenario.list_rule()) {
    out["tiers"]["threshold"] =
        static_cast<double>(rule->threshold.parts_per_billion) / rules::kPartsPerBillion;
    out["tiers"]["threshold_base"] = rules::to_string(rule->threshold.base);
  }
  // Each draw's house: the nominal one, moved by overhang, levelling or seats not seated.
  out["house"] = seats_json(summary.house.seats);
  out["house"]["nominal"] = summary.house.nominal;
  out["house"]["overhang_mean"] = summary.house.overhang_mean;
  out["house"]["levelling_mean"] = summary.house.levelling_mean;
  out["house"]["unseated_mean"] = summary.house.unseated_mean;

  out["parties"] = parties_json(scenario, summary);
  out["events"] = events_json(summary);
  out["coalitions"] = coalitions_json(scenario, summary);
  if (!summary.blocs.empty()) out["blocs"] = blocs_json(scenario, summary);
  out["seat_correlation"] = correlation_json(scenario, summary);
  out["districts"] = districts_json(scenario, summary);
  // A parliament that occurred, for pictures of "the" parliament; finding it draws one block again,
  // so only the JSON (the plots' input) carries it.
  if (summary.draws > 0) {
    const sim::NearestDraw parliament =
        sim::nearest_to_medians(scenario, options.seed, summary.draws, sim::median_seats(summary));
    Json seats = Json::object();
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      if (model::wins_seats(scenario.options[k].kind)) {
        seats[scenario.options[k].id] = parliament.seats[k];
      }
    }
    out["parliament"] = {{"draw", parliament.draw},
                         {"among", parliament.among},
                         {"distance", parliament.distance},
                         {"seats", std::move(seats)}};
  }

  out["timing"] = {{"seconds", result.seconds},
                   {"threads", result.threads},
                   {"processes", result.processes},
                   {"resumed_draws", result.resumed_draws},
                   {"draws_per_second", sim::draws_per_second(result)}};
  return out;
}

}  // namespace seatsim::report
