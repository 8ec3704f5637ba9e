#include "engine/report/sweep_report.hpp"

#include <fmt/format.h>

#include "engine/report/csv.hpp"
#include "engine/report/json_report.hpp"

namespace seatsim::report {
namespace {

std::string csv_value(const sim::SweepValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return csv_number(*number);
  return std::get<std::string>(value);
}

}  // namespace

std::string sweep_csv(const std::vector<SweepPoint>& points) {
  std::string out;
  if (points.empty()) return out;
  std::vector<std::string> header;
  for (const auto& [key, value] : points.front().values) header.push_back(key);
  for (const auto& o : points.front().summary.options) {
    const std::string& id = o.option->id;
    if (o.p_threshold) {
      header.insert(header.end(), {id + ".p_threshold", id + ".p_threshold_se"});
    }
    if (o.p_any_seat) {
      header.insert(header.end(), {id + ".p_any_seat", id + ".p_any_seat_se", id + ".p_largest",
                                   id + ".p_largest_se", id + ".seats_mean", id + ".seats_p5",
                                   id + ".seats_p50", id + ".seats_p95"});
    }
  }
  for (const auto& b : points.front().summary.blocs) {
    const std::string& name = b.bloc->name;
    header.insert(header.end(),
                  {name + ".p_majority", name + ".p_majority_se", name + ".p_two_thirds",
                   name + ".p_two_thirds_se", name + ".seats_mean", name + ".seats_p5",
                   name + ".seats_p50", name + ".seats_p95"});
  }
  for (const auto& e : points.front().summary.events) {
    header.insert(header.end(), {e.name, e.name + " se"});
  }
  header.insert(header.end(), {"draws", "partial"});
  append_csv_row(out, header);

  for (const auto& point : points) {
    std::vector<std::string> row;
    for (const auto& [key, value] : point.values) row.push_back(csv_value(value));
    for (const auto& o : point.summary.options) {
      if (o.p_threshold)
        row.insert(row.end(), {csv_number(o.p_threshold->p), csv_number(o.p_threshold->se)});
      if (o.p_any_seat) {
        const auto& seats = *o.total_seats;
        row.insert(row.end(), {csv_number(o.p_any_seat->p), csv_number(o.p_any_seat->se),
                               csv_number(o.p_largest->p), csv_number(o.p_largest->se),
                               csv_number(seats.mean), std::to_string(seats.p5),
                               std::to_string(seats.p50), std::to_string(seats.p95)});
      }
    }
    for (const auto& b : point.summary.blocs) {
      row.insert(row.end(),
                 {csv_number(b.majority.p), csv_number(b.majority.se), csv_number(b.two_thirds.p),
                  csv_number(b.two_thirds.se), csv_number(b.seats.mean), std::to_string(b.seats.p5),
                  std::to_string(b.seats.p50), std::to_string(b.seats.p95)});
    }
    for (const auto& e : point.summary.events) {
      row.insert(row.end(), {csv_number(e.p.p), csv_number(e.p.se)});
    }
    row.insert(row.end(), {std::to_string(point.summary.draws), point.partial ? "true" : "false"});
    append_csv_row(out, row);
  }
  return out;
}

nlohmann::ordered_json sweep_json(const std::vector<SweepPoint>& points, std::uint64_t seed,
                                  bool partial) {
  nlohmann::ordered_json out;
  out["schema"] = kSweepSchema;
  if (!points.empty()) {
    const auto& first = points.front().scenario;
    out["scenario"] = {
        {"source", first.source}, {"election", first.election.name}, {"date", first.election.date}};
    out["draws"] = points.front().summary.draws;
  }
  out["seed"] = seed;
  out["partial"] = partial;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& point : points) {
    nlohmann::ordered_json values;
    // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
    for (const auto& key_value : point.values) {
      auto& slot = values[key_value.first];
      std::visit([&slot](const auto& v) { slot = v; }, key_value.second);
    }
    nlohmann::ordered_json row{{"point", values},
                               {"draws", point.summary.draws},
                               {"parties", parties_json(point.scenario, point.summary)},
                               {"events", events_json(point.summary)}};
    if (!point.summary.blocs.empty()) row["blocs"] = blocs_json(point.scenario, point.summary);
    rows.push_back(std::move(row));
  }
  out["sweep"] = std::move(rows);
  return out;
}

}  // namespace seatsim::report
