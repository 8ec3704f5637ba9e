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

// One point's values, in the wide CSV's column order: (option id, measure, text); events have no
// option. The wide and the long CSV are both made from these, so they cannot disagree.
struct Cell {
  std::string option;
  std::string measure;
  std::string text;
};

std::vector<Cell> point_cells(const SweepPoint& point) {
  std::vector<Cell> cells;
  for (const auto& o : point.summary.options) {
    const std::string& id = o.option->id;
    if (o.p_threshold) {
      cells.insert(cells.end(), {{id, "p_threshold", csv_number(o.p_threshold->p)},
                                 {id, "p_threshold_se", csv_number(o.p_threshold->se)}});
    }
    if (o.p_any_seat) {
      const auto& seats = *o.total_seats;
      cells.insert(cells.end(), {{id, "p_any_seat", csv_number(o.p_any_seat->p)},
                                 {id, "p_any_seat_se", csv_number(o.p_any_seat->se)},
                                 {id, "p_largest", csv_number(o.p_largest->p)},
                                 {id, "p_largest_se", csv_number(o.p_largest->se)},
                                 {id, "seats_mean", csv_number(seats.mean)},
                                 {id, "seats_p5", std::to_string(seats.p5)},
                                 {id, "seats_p50", std::to_string(seats.p50)},
                                 {id, "seats_p95", std::to_string(seats.p95)}});
    }
  }
  for (const auto& b : point.summary.blocs) {
    const std::string& name = b.bloc->name;
    cells.insert(cells.end(), {{name, "p_majority", csv_number(b.majority.p)},
                               {name, "p_majority_se", csv_number(b.majority.se)},
                               {name, "p_two_thirds", csv_number(b.two_thirds.p)},
                               {name, "p_two_thirds_se", csv_number(b.two_thirds.se)},
                               {name, "seats_mean", csv_number(b.seats.mean)},
                               {name, "seats_p5", std::to_string(b.seats.p5)},
                               {name, "seats_p50", std::to_string(b.seats.p50)},
                               {name, "seats_p95", std::to_string(b.seats.p95)}});
  }
  for (const auto& e : point.summary.events) {
    cells.insert(cells.end(),
                 {{"", e.name, csv_number(e.p.p)}, {"", e.name + " se", csv_number(e.p.se)}});
  }
  return cells;
}

std::vector<std::string> point_fields(const SweepPoint& point) {
  std::vector<std::string> fields;
  for (const auto& [key, value] : point.values) fields.push_back(csv_value(value));
  return fields;
}

std::vector<std::string> axis_keys(const SweepPoint& point) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : point.values) keys.push_back(key);
  return keys;
}

std::string draws_text(const SweepPoint& point) {
  return std::to_string(point.summary.draws);
}

std::string partial_text(const SweepPoint& point) {
  return point.partial ? "true" : "false";
}

}  // namespace

std::string sweep_csv(const std::vector<SweepPoint>& points) {
  std::string out;
  if (points.empty()) return out;
  std::vector<std::string> header = axis_keys(points.front());
  for (const auto& cell : point_cells(points.front())) {
    header.push_back(cell.option.empty() ? cell.measure : cell.option + "." + cell.measure);
  }
  header.insert(header.end(), {"draws", "partial"});
  append_csv_row(out, header);

  for (const auto& point : points) {
    std::vector<std::string> row = point_fields(point);
    for (auto& cell : point_cells(point)) row.push_back(std::move(cell.text));
    row.insert(row.end(), {draws_text(point), partial_text(point)});
    append_csv_row(out, row);
  }
  return out;
}

std::string sweep_csv_long(const std::vector<SweepPoint>& points) {
  std::string out;
  if (points.empty()) return out;
  std::vector<std::string> header = axis_keys(points.front());
  header.insert(header.end(), {"draws", "partial", "option", "measure", "value"});
  append_csv_row(out, header);
  for (const auto& point : points) {
    std::vector<std::string> row = point_fields(point);
    row.insert(row.end(), {draws_text(point), partial_text(point)});
    const std::size_t fixed = row.size();
    for (auto& cell : point_cells(point)) {
      row.resize(fixed);
      row.insert(row.end(), {cell.option, cell.measure, std::move(cell.text)});
      append_csv_row(out, row);
    }
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
