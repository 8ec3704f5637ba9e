#include "engine/report/csv_report.hpp"

#include <fmt/format.h>

#include <optional>
#include <system_error>

#include "engine/report/csv.hpp"
#include "engine/report/output_file.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::report {
namespace {

using Row = std::vector<std::string>;

std::string run_csv(const sim::Scenario& scenario, const sim::Summary& summary,
                    const sim::RunOptions& options, const sim::RunResult& result) {
  std::string out;
  append_csv_row(out, {"scenario", "election", "date", "seed", "draws", "partial"});
  append_csv_row(out, {scenario.source, scenario.election.name, scenario.election.date,
                       std::to_string(options.seed), std::to_string(summary.draws),
                       result.partial ? "true" : "false"});
  return out;
}

std::string parties_csv(const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"id",
                       "name",
                       "kind",
                       "mean_share",
                       "p_threshold",
                       "p_threshold_se",
                       "p_any_seat",
                       "p_any_seat_se",
                       "p_largest",
                       "p_largest_se",
                       "seats_mean",
                       "seats_mean_se",
                       "seats_p5",
                       "seats_p50",
                       "seats_p95",
                       "list_seats_mean",
                       "district_seats_mean",
                       "share_p5",
                       "share_p5_se",
                       "share_p25",
                       "share_p25_se",
                       "share_p50",
                       "share_p50_se",
                       "share_p75",
                       "share_p75_se",
                       "share_p95",
                       "share_p95_se",
                       "bonus_seats_mean",
                       "p_bonus",
                       "p_bonus_se",
                       "overhang_seats_mean"});
  // A column that does not apply to an option (a threshold for a district-only candidate) is empty.
  auto probability = [](const std::optional<sim::Probability>& p) -> Row {
    return p ? Row{csv_number(p->p), csv_number(p->se)} : Row{"", ""};
  };
  auto mean = [](const std::optional<sim::SeatDistribution>& d) {
    return d ? csv_number(d->mean) : std::string();
  };
  for (const auto& o : summary.options) {
    Row row{o.option->id, o.option->name, std::string(model::to_string(o.option->kind)),
            o.mean_share ? csv_number(*o.mean_share) : ""};
    for (const auto& p : {o.p_threshold, o.p_any_seat, o.p_largest}) {
      const Row pair = probability(p);
      row.insert(row.end(), pair.begin(), pair.end());
    }
    if (o.total_seats) {
      const auto& seats = *o.total_seats;
      row.insert(row.end(),
                 {csv_number(seats.mean), csv_number(seats.mean_se), std::to_string(seats.p5),
                  std::to_string(seats.p50), std::to_string(seats.p95)});
    } else {
      row.insert(row.end(), 5, "");
    }
    row.insert(row.end(), {mean(o.list_seats), mean(o.district_seats)});
    if (o.share) {
      for (const auto& q : o.share->quantiles) {
        row.insert(row.end(), {csv_number(q.value), csv_number(q.se)});
      }
    } else {
      row.insert(row.end(), 10, "");
    }
    if (o.bonus) {
      row.insert(row.end(), {csv_number(o.bonus->mean_seats), csv_number(o.bonus->taken.p),
                             csv_number(o.bonus->taken.se)});
    } else {
      row.insert(row.end(), 3, "");
    }
    row.push_back(o.overhang_mean ? csv_number(*o.overhang_mean) : "");
    append_csv_row(out, row);
  }
  return out;
}

std::string seats_csv(const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"id", "tier", "seats", "draws", "probability"});
  const auto n = static_cast<double>(summary.draws);
  const auto append_rows = [&](const std::string& id, const char* tier,
                               const std::vector<std::uint64_t>& histogram) {
    for (std::size_t s = 0; s < histogram.size(); ++s) {
      if (histogram[s] == 0) continue;
      append_csv_row(out, {id, tier, std::to_string(s), std::to_string(histogram[s]),
                           csv_number(static_cast<double>(histogram[s]) / n)});
    }
  };
  for (const auto& o : summary.options) {
    const std::pair<const char*, const std::optional<sim::SeatDistribution>*> tiers[] = {
        {"total", &o.total_seats}, {"list", &o.list_seats}, {"district", &o.district_seats}};
    for (const auto& [tier, distribution] : tiers) {
      if (*distribution) append_rows(o.option->id, tier, (*distribution)->histogram);
    }
  }
  for (const auto& b : summary.blocs) append_rows(b.bloc->name, "bloc", b.seats.histogram);
  // The house size per draw, after the options: no option id.
  append_rows("", "house", summary.house.seats.histogram);
  return out;
}

// Share histograms, long form: one row per list-ballot option and 0.1-point bin drawn at least
// once.
std::string shares_csv(const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"id", "share", "draws", "probability"});
  const auto n = static_cast<double>(summary.draws);
  for (const auto& o : summary.options) {
    if (!o.share) continue;
    const auto& histogram = o.share->histogram;
    for (std::size_t b = 0; b < histogram.size(); ++b) {
      if (histogram[b] == 0) continue;
      append_csv_row(
          out, {o.option->id,
                csv_number(static_cast<double>(b) / static_cast<double>(sim::kShareDensityBins)),
                std::to_string(histogram[b]), csv_number(static_cast<double>(histogram[b]) / n)});
    }
  }
  return out;
}

std::string events_csv(const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"event", "p", "se"});
  for (const auto& e : summary.events) {
    append_csv_row(out, {e.name, csv_number(e.p.p), csv_number(e.p.se)});
  }
  return out;
}

// One row per coalition that reaches a majority in at least one draw, as in the JSON: members
// joined by "+", in mask order.
std::string coalitions_csv(const sim::Scenario& scenario, const sim::Summary& summary) {
  std::string out;
  append_csv_row(
      out, {"parties", "size", "p_majority", "p_majority_se", "p_two_thirds", "p_two_thirds_se"});
  for (const auto& c : summary.coalitions) {
    if (c.majority.p == 0.0) continue;
    std::string members;
    for (const int k : c.members) {
      members += (members.empty() ? "" : "+") + scenario.options[static_cast<std::size_t>(k)].id;
    }
    append_csv_row(
        out, {members, std::to_string(c.members.size()), csv_number(c.majority.p),
              csv_number(c.majority.se), csv_number(c.two_thirds.p), csv_number(c.two_thirds.se)});
  }
  return out;
}

// One row per bloc (report.blocs), members joined by "+": its odds of a majority and of two thirds
// of each draw's house, and its seat distribution.
std::string blocs_csv(const sim::Scenario& scenario, const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"bloc", "parties", "p_majority", "p_majority_se", "p_two_thirds",
                       "p_two_thirds_se", "seats_mean", "seats_mean_se", "seats_p5", "seats_p25",
                       "seats_p50", "seats_p75", "seats_p95"});
  for (const auto& b : summary.blocs) {
    std::string members;
    for (const int k : b.bloc->members) {
      members += (members.empty() ? "" : "+") + scenario.options[static_cast<std::size_t>(k)].id;
    }
    const auto& seats = b.seats;
    append_csv_row(
        out, {b.bloc->name, members, csv_number(b.majority.p), csv_number(b.majority.se),
              csv_number(b.two_thirds.p), csv_number(b.two_thirds.se), csv_number(seats.mean),
              csv_number(seats.mean_se), std::to_string(seats.p5), std::to_string(seats.p25),
              std::to_string(seats.p50), std::to_string(seats.p75), std::to_string(seats.p95)});
  }
  return out;
}

// One row per list-ballot option and share line (report.share_lines), options in ballot order.
std::string share_lines_csv(const sim::Scenario& scenario, const sim::Summary& summary) {
  std::string out;
  append_csv_row(out, {"id", "line", "p", "se"});
  for (const auto& o : summary.options) {
    for (std::size_t i = 0; i < o.p_share_lines.size(); ++i) {
      append_csv_row(out, {o.option->id, csv_number(scenario.questions.share_lines[i]),
                           csv_number(o.p_share_lines[i].p), csv_number(o.p_share_lines[i].se)});
    }
  }
  return out;
}

// One row per district and contender, districts in scenario order, contenders in ballot order.
std::string districts_csv(const sim::Scenario& scenario, const sim::Summary& summary) {
  std::string out;
  append_csv_row(
      out, {"district", "region", "id", "p_win", "p_win_se", "favourite", "margin", "margin_se"});
  for (const auto& d : summary.districts) {
    const auto& spec = scenario.district_tier->districts[d.district];
    const std::string& favourite = scenario.options[d.contenders[d.favourite].option].id;
    for (const auto& c : d.contenders) {
      append_csv_row(
          out, {spec.name, spec.region, scenario.options[c.option].id, csv_number(c.win.p),
                csv_number(c.win.se), favourite, csv_number(d.margin.p), csv_number(d.margin.se)});
    }
  }
  return out;
}

// One row per list district (tiers.regions) and party, districts in scenario order, parties in
// ballot order: the party's seats there, as the JSON's region_seats.
std::string list_districts_csv(const sim::Scenario& scenario, const sim::Summary& summary) {
  std::string out;
  append_csv_row(out,
                 {"district", "id", "seats_mean", "seats_mean_se", "p_any_seat", "p_any_seat_se"});
  if (!scenario.regional_tier) return out;
  const auto& districts = scenario.regional_tier->vote.districts;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    for (const auto& o : summary.options) {
      if (o.region_seats.empty()) continue;
      const auto& seats = o.region_seats[d];
      append_csv_row(
          out, {districts[d].name, o.option->id, csv_number(seats.mean), csv_number(seats.mean_se),
                csv_number(seats.any_seat.p), csv_number(seats.any_seat.se)});
    }
  }
  return out;
}

}  // namespace

void write_csv_dir(const std::filesystem::path& dir, const sim::Scenario& scenario,
                   const sim::Summary& summary, const sim::RunOptions& options,
                   const sim::RunResult& result) {
  std::error_code error;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), error);
  remove_stale_temporaries(dir);
  const auto written = temporary_path(dir);
  // A signal that ends the process removes the folder being written, its files first.
  const SignalCleanup folder_cleanup(written, TemporaryKind::folder);
  std::optional<SignalCleanup> file_cleanups[std::size(kCsvFiles)];
  for (std::size_t i = 0; i < std::size(kCsvFiles); ++i) {
    file_cleanups[i].emplace(written / kCsvFiles[i], TemporaryKind::file);
  }
  if (!error) std::filesystem::create_directory(written, error);
  if (error) {
    throw InputError(
        {fmt::format("{}: cannot create directory ({})", dir.string(), error.message())});
  }
  try {
    const std::string contents[] = {run_csv(scenario, summary, options, result),
                                    parties_csv(summary),
                                    seats_csv(summary),
                                    events_csv(summary),
                                    coalitions_csv(scenario, summary),
                                    blocs_csv(scenario, summary),
                                    districts_csv(scenario, summary),
                                    list_districts_csv(scenario, summary),
                                    share_lines_csv(scenario, summary),
                                    shares_csv(summary)};
    static_assert(std::size(contents) == std::size(kCsvFiles));
    for (std::size_t i = 0; i < std::size(kCsvFiles); ++i) {
      write_file_atomically(written / kCsvFiles[i], contents[i]);
    }
    replace_folder(written, dir);
  } catch (...) {
    std::filesystem::remove_all(written, error);
    throw;
  }
}

}  // namespace seatsim::report
