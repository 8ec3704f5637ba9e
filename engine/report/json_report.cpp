#include "engine/report/json_report.hpp"

namespace seatsim::report {
namespace {

using Json = nlohmann::ordered_json;

Json seats_json(const sim::SeatDistribution& d) {
  return Json{{"mean", d.mean}, {"mean_se", d.mean_se}, {"p5", d.p5},   {"p25", d.p25},
              {"p50", d.p50},   {"p75", d.p75},         {"p95", d.p95}, {"histogram", d.histogram}};
}

}  // namespace

Json parties_json(const sim::Scenario& scenario, const sim::Summary& summary) {
  Json parties = Json::array();
  for (const auto& o : summary.options) {
    Json p{
        {"id", o.option->id}, {"name", o.option->name}, {"kind", model::to_string(o.option->kind)}};
    if (o.mean_share) p["mean_share"] = *o.mean_share;
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
    if (o.list_seats) p["list_seats"] = seats_json(*o.list_seats);
    if (o.district_seats) p["district_seats"] = seats_json(*o.district_seats);
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
  if (scenario.list_tier) {
    out["tiers"]["threshold"] =
        static_cast<double>(scenario.list_tier->threshold.parts_per_billion) /
        rules::kPartsPerBillion;
    out["tiers"]["threshold_base"] = rules::to_string(scenario.list_tier->threshold.base);
  }

  out["parties"] = parties_json(scenario, summary);
  out["events"] = events_json(summary);

  out["timing"] = {
      {"seconds", result.seconds},
      {"threads", result.threads},
      {"processes", result.processes},
      {"draws_per_second",
       result.seconds > 0 ? static_cast<double>(summary.draws) / result.seconds : 0.0}};
  return out;
}

}  // namespace seatsim::report
