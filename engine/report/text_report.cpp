#include "engine/report/text_report.hpp"

#include "engine/report/append_line.hpp"
#include "engine/rules/electoral_system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace seatsim::report {
namespace {

// A probability in percent with its standard error to two significant digits (at least two
// decimals), and the probability to as many decimals: "0.0021% ±0.0014" for a rare event.
std::string percent(const sim::Probability& p) {
  const double se = 100.0 * p.se;
  const int decimals =
      se > 0.0 ? std::clamp(1 - static_cast<int>(std::floor(std::log10(se))), 2, 6) : 2;
  return fmt::format("{:>8}% ±{:<7}", fmt::format("{:.{}f}", 100.0 * p.p, decimals),
                     fmt::format("{:.{}f}", se, decimals));
}

// The 90% interval of a share at the histogram's resolution: from the lower edge of the 0.1-point
// bin holding the 5% quantile to the upper edge of the bin holding the 95% quantile. It contains
// the draws' 5-95% interval, its ends are exact at one decimal, and so the mean share, rounded to
// one decimal beside it, lies within it whenever the mean lies within the interval: a share fixed
// in one bin reads "38.2% [38.1, 38.2]", not "38.2% [38.1, 38.1]".
std::string share_interval_text(const sim::ShareDistribution& share) {
  const double bin = 1.0 / static_cast<double>(sim::kShareDensityBins);
  return fmt::format("[{:.1f}, {:.1f}]", 100.0 * share.quantiles[0].value,
                     100.0 * std::min(share.quantiles[4].value + bin, 1.0));
}

// P(share of the valid vote >= line) per list-ballot option, for the scenario's report.share_lines;
// the first kShown lines in the table, every line in the JSON and share_lines.csv.
void append_share_lines(std::string& out, const sim::Scenario& scenario,
                        const sim::Summary& summary) {
  const auto& lines = scenario.questions.share_lines;
  if (lines.empty()) return;
  constexpr std::size_t kShown = 4;
  const std::size_t shown = std::min(kShown, lines.size());
  append_line(out, "{}", "");
  append_line(out, "share lines: P(share of the valid vote >= line){}",
              lines.size() > shown
                  ? fmt::format(" (the first {} of {}; --json and share_lines.csv have all)", shown,
                                lines.size())
                  : "");
  std::string header = fmt::format("  {:<22}", "option");
  for (std::size_t i = 0; i < shown; ++i) {
    header += fmt::format(" {:<18}", fmt::format("{:>9}", fmt::format(">= {:g}%", 100 * lines[i])));
  }
  append_line(out, "{}", header);
  for (const auto& o : summary.options) {
    if (o.p_share_lines.empty()) continue;
    std::string row = fmt::format("  {:<22}", o.option->name.substr(0, 22));
    for (std::size_t i = 0; i < shown; ++i) row += " " + percent(o.p_share_lines[i]);
    append_line(out, "{}", row);
  }
}

// P(strictly the most seats) per seat-winning option that ever leads, and P(a tie for the most).
void append_largest(std::string& out, const sim::Summary& summary) {
  append_line(out, "{}", "");
  append_line(out, "largest party: P(strictly the most seats)");
  for (const auto& o : summary.options) {
    if (!o.p_largest || o.p_largest->p == 0.0) continue;
    append_line(out, "  {:<46} {}", o.option->name.substr(0, 46), percent(*o.p_largest));
  }
  for (const auto& e : summary.events) {
    if (e.name == sim::kTieForLargest) append_line(out, "  {:<46} {}", e.name, percent(e.p));
  }
}

// Quantiles of each party's share minus the threshold, in percentage points.
void append_threshold_distance(std::string& out, const sim::Summary& summary) {
  bool header = false;
  for (const auto& o : summary.options) {
    if (o.threshold_distance.empty()) continue;
    if (!header) {
      append_line(out, "{}", "");
      append_line(out, "distance to the threshold: share minus threshold, points (± SE)");
      append_line(out, "  {:<22} {:>14} {:>14} {:>14}", "party", "5%", "median", "95%");
      header = true;
    }
    const auto cell = [](const sim::ShareQuantile& q) {
      return fmt::format("{:+.2f} ±{:.2f}", 100.0 * q.value, 100.0 * q.se);
    };
    append_line(out, "  {:<22} {:>14} {:>14} {:>14}", o.option->name.substr(0, 22),
                cell(o.threshold_distance[0]), cell(o.threshold_distance[2]),
                cell(o.threshold_distance[4]));
  }
}

// Quantiles and mean of each party's votes needed for its next list seat, in points of the valid
// vote, with the share of sampled draws in which it had none. Under compensatory the search is over
// the proportional share of the whole house (rules::ElectoralSystem::votes_for_next_seat), not over
// the overhang rule, so an overhang party's next share seat need not add a seat: the header says
// so.
void append_next_seat(std::string& out, const sim::Scenario& scenario,
                      const sim::Summary& summary) {
  bool header = false;
  for (const auto& o : summary.options) {
    if (!o.next_seat || o.next_seat->sampled == 0) continue;
    const auto& n = *o.next_seat;
    if (!header) {
      append_line(out, "{}", "");
      append_line(
          out,
          "votes for the next {}: share of the valid vote to add, points (± SE), every {}th "
          "draw ({})",
          scenario.composition == rules::Composition::compensatory
              ? "seat of the proportional share (an overhang party's share must pass its "
                "districts before it adds a seat)"
              : "list seat",
          sim::kNextSeatStride, counted(n.sampled, "draw"));
      append_line(out, "  {:<22} {:>14} {:>14} {:>14} {:>14} {:>8}", "party", "mean", "5%",
                  "median", "95%", "no next");
      header = true;
    }
    const double none = static_cast<double>(n.sampled - n.counted) / static_cast<double>(n.sampled);
    if (n.counted == 0) {
      append_line(out, "  {:<22} {:>14} {:>14} {:>14} {:>14} {:>7.1f}%",
                  o.option->name.substr(0, 22), "", "", "", "", 100.0 * none);
      continue;
    }
    const auto cell = [](double value, double se) {
      return fmt::format("{:.2f} ±{:.2f}", 100.0 * value, 100.0 * se);
    };
    append_line(out, "  {:<22} {:>14} {:>14} {:>14} {:>14} {:>7.1f}%", o.option->name.substr(0, 22),
                cell(n.mean, n.mean_se), cell(n.quantiles[0].value, n.quantiles[0].se),
                cell(n.quantiles[1].value, n.quantiles[1].se),
                cell(n.quantiles[2].value, n.quantiles[2].se), 100.0 * none);
  }
}

std::string member_names(const sim::Scenario& scenario, const std::vector<int>& members) {
  std::string names;
  for (const int k : members) names += (names.empty() ? "" : " + ") + scenario.options[k].id;
  return names;
}

// The smallest coalitions likely to reach a majority, of at most three members.
void append_coalitions(std::string& out, const sim::Scenario& scenario,
                       const sim::Summary& summary) {
  if (summary.coalitions.empty()) {
    if (summary.correlated.size() > sim::kMaxCoalitionParties) {
      append_line(out, "{}", "");
      append_line(out, "coalitions: not counted ({} seat-winning options; at most {} are)",
                  summary.correlated.size(), sim::kMaxCoalitionParties);
    }
    return;
  }
  constexpr std::size_t kShown = 12;
  std::vector<const sim::Coalition*> small;
  for (const auto& c : summary.coalitions) {
    if (c.members.size() <= 3 && c.majority.p > 0.0) small.push_back(&c);
  }
  // Fewer members first, then the likelier: a party alone, then the pairs, then the triples.
  std::stable_sort(small.begin(), small.end(), [](const auto* a, const auto* b) {
    if (a->members.size() != b->members.size()) return a->members.size() < b->members.size();
    return a->majority.p > b->majority.p;
  });
  if (small.size() > kShown) small.resize(kShown);
  append_line(out, "{}", "");
  if (summary.house.varies(summary.draws)) {
    append_line(out,
                "coalitions of up to three (a majority and two thirds of each draw's own house: "
                "{} and {} of the nominal {}; --json lists every coalition)",
                summary.coalition_lines.majority, summary.coalition_lines.two_thirds,
                summary.house.nominal);
  } else {
    append_line(out,
                "coalitions of up to three (majority >= {}, two thirds >= {}; --json lists "
                "every coalition)",
                counted(summary.coalition_lines.majority, "seat"),
                summary.coalition_lines.two_thirds);
  }
  for (const auto* c : small) {
    append_line(out, "  {:<46} {} {}", member_names(scenario, c->members), percent(c->majority),
                percent(c->two_thirds));
  }
}

// Each bloc: its members, mean seats with their 90% interval, and its odds of a majority and of two
// thirds of each draw's house.
void append_blocs(std::string& out, const sim::Scenario& scenario, const sim::Summary& summary) {
  if (summary.blocs.empty()) return;
  append_line(out, "{}", "");
  append_line(out, "blocs (majority >= {}, two thirds >= {}, of each draw's house)",
              counted(summary.coalition_lines.majority, "seat"),
              summary.coalition_lines.two_thirds);
  append_line(out, "  {:<16} {:>7} {:>13}  {:<19} {:<19} {}", "bloc", "seats", "90% interval",
              "P(majority)", "P(two thirds)", "members");
  for (const auto& b : summary.blocs) {
    append_line(out, "  {:<16} {:>7.2f} {:>13}  {} {} {}", b.bloc->name.substr(0, 16), b.seats.mean,
                fmt::format("[{}, {}]", b.seats.p5, b.seats.p95), percent(b.majority),
                percent(b.two_thirds), member_names(scenario, b.bloc->members));
  }
}

// The house size per draw and the seats of each tier, for the systems whose house or tiers are not
// the plain sum of a list tier and districts: compensatory (the list seats top up to a share, and
// overhang or levelling move the house) and a majority bonus.
void append_tiers(std::string& out, const sim::Scenario& scenario, const sim::Summary& summary) {
  const bool compensatory = scenario.composition == rules::Composition::compensatory;
  const bool bonus = scenario.list_tier && scenario.list_tier->bonus.seats > 0;
  if (!compensatory && !bonus) return;
  const auto& house = summary.house;
  append_line(out, "{}", "");
  append_line(out, "house per draw: nominal {} ({} list + {}), mean {:.2f} ±{:.2f}, 90% [{}, {}]",
              house.nominal, scenario.list_seats(), counted(scenario.district_seats(), "district"),
              house.seats.mean, house.seats.mean_se, house.seats.p5, house.seats.p95);
  for (std::size_t size = 0; size < house.seats.histogram.size(); ++size) {
    const std::uint64_t hits = house.seats.histogram[size];
    if (hits == 0) continue;
    append_line(out, "  P(house = {}) {}", size, percent(sim::probability(hits, summary.draws)));
  }
  if (compensatory) {
    append_line(out, "  mean seats per draw: overhang {:.2f}, levelling {:.2f}, not seated {:.2f}",
                house.overhang_mean, house.levelling_mean, house.unseated_mean);
  }
  append_line(
      out, "seats per tier, mean per draw{}",
      compensatory ? " (compensatory: the list seats top up each admitted list's share)" : "");
  append_line(out, "  {:<22} {:>8} {:>8}{}{}", "option", compensatory ? "comp" : "list", "dist",
              compensatory ? fmt::format(" {:>8}", "overhang") : "",
              bonus ? fmt::format(" {:>8}  P(takes the bonus)", "bonus") : "");
  for (const auto& o : summary.options) {
    if (!o.total_seats) continue;
    const auto mean = [](const std::optional<sim::SeatDistribution>& d) {
      return d ? fmt::format("{:.2f}", d->mean) : std::string();
    };
    const std::string bonus_cells =
        o.bonus ? fmt::format(" {:>8.2f}  {}", o.bonus->mean_seats, percent(o.bonus->taken)) : "";
    const std::string overhang =
        compensatory
            ? fmt::format(" {:>8}",
                          o.overhang_mean ? fmt::format("{:.2f}", *o.overhang_mean) : std::string())
            : "";
    append_line(out, "  {:<22} {:>8} {:>8}{}{}", o.option->name.substr(0, 22), mean(o.list_seats),
                mean(o.district_seats), overhang, bonus_cells);
  }
}

// Each party's mean seats in each multi-member list district: a row per district, a column per
// party (by id).
void append_regions(std::string& out, const sim::Scenario& scenario, const sim::Summary& summary) {
  if (!scenario.regional_tier || summary.draws == 0) return;
  std::vector<const sim::OptionSummary*> parties;
  for (const auto& o : summary.options) {
    if (!o.region_seats.empty()) parties.push_back(&o);
  }
  append_line(out, "{}", "");
  append_line(out,
              "seats per list district, mean per draw (--json has each party's P(at least one "
              "seat) in each, and SEs)");
  std::string header = fmt::format("  {:<22} {:>5}", "district", "seats");
  for (const auto* o : parties) header += fmt::format(" {:>7}", o->option->id.substr(0, 7));
  append_line(out, "{}", header);
  const auto& tier = *scenario.regional_tier;
  for (std::size_t d = 0; d < tier.rule.seats.size(); ++d) {
    std::string row = fmt::format("  {:<22} {:>5}", tier.vote.districts[d].name.substr(0, 22),
                                  tier.rule.seats[d]);
    for (const auto* o : parties) row += fmt::format(" {:>7.2f}", o->region_seats[d].mean);
    append_line(out, "{}", row);
  }
}

// The closest single-member districts, most uncertain first: the favourite, its P(win) and its
// margin over the runner-up, and the runner-up.
void append_districts(std::string& out, const sim::Scenario& scenario,
                      const sim::Summary& summary) {
  if (summary.districts.empty()) return;
  constexpr std::size_t kShown = 10;
  const auto closest = sim::closest_districts(summary);
  append_line(out, "{}", "");
  append_line(out,
              "closest districts ({} of {}, smallest margin first; --json and districts.csv list "
              "every district)",
              std::min(kShown, closest.size()), closest.size());
  append_line(out, "  {:<34} {:<16} {:<19} {:<12} {}", "district", "favourite", "P(win)",
              "margin, pts", "runner-up, P(win)");
  for (std::size_t i = 0; i < std::min(kShown, closest.size()); ++i) {
    const auto& d = *closest[i];
    const auto& favourite = d.contenders[d.favourite];
    std::string runner_up;
    double second = -1.0;
    for (std::size_t c = 0; c < d.contenders.size(); ++c) {
      if (c == d.favourite || d.contenders[c].win.p <= second) continue;
      second = d.contenders[c].win.p;
      runner_up =
          fmt::format("{} {:.1f}%", scenario.options[d.contenders[c].option].name.substr(0, 16),
                      100.0 * second);
    }
    append_line(out, "  {:<34} {:<16} {} {:<12} {}",
                scenario.district_tier->districts[d.district].name.substr(0, 34),
                scenario.options[favourite.option].name.substr(0, 16), percent(favourite.win),
                fmt::format("{:.1f} ±{:.1f}", 100.0 * d.margin.p, 100.0 * d.margin.se), runner_up);
  }
}

// The correlation matrix of total seats, by option id.
void append_correlations(std::string& out, const sim::Scenario& scenario,
                         const sim::Summary& summary) {
  const std::size_t m = summary.correlated.size();
  if (summary.correlations.empty()) return;
  append_line(out, "{}", "");
  append_line(out, "correlation of total seats");
  std::string header = fmt::format("  {:<14}", "");
  for (const int k : summary.correlated)
    header += fmt::format(" {:>6}", scenario.options[k].id.substr(0, 6));
  append_line(out, "{}", header);
  for (std::size_t a = 0; a < m; ++a) {
    std::string row =
        fmt::format("  {:<14}", scenario.options[summary.correlated[a]].id.substr(0, 14));
    for (std::size_t b = 0; b < m; ++b) {
      const auto& r = summary.correlations[a * m + b].r;
      row += r ? fmt::format(" {:>6.2f}", *r) : fmt::format(" {:>6}", "-");
    }
    append_line(out, "{}", row);
  }
}

}  // namespace

std::string to_text(const sim::Scenario& scenario, const sim::Summary& summary,
                    const sim::RunOptions& options, const sim::RunResult& result) {
  std::string out;
  append_line(out, "{} ({})", scenario.election.name, scenario.election.date);
  append_line(out, "scenario {}: {}", scenario.source, counted(scenario.house_size(), "seat"));
  const std::string threads = result.processes > 1 ? fmt::format("{} processes x {} threads",
                                                                 result.processes, result.threads)
                                                   : fmt::format("{} threads", result.threads);
  append_line(out, "{}, seed {}, {}, {:.2f} s ({:.2f} M draws/s)", counted(summary.draws, "draw"),
              options.seed, threads, result.seconds, sim::draws_per_second(result) / 1e6);
  if (result.resumed_draws > 0) {
    append_line(out, "resumed from a checkpoint of {} draws; the time and rate are of the {} drawn",
                result.resumed_draws, summary.draws - result.resumed_draws);
  }
  if (result.partial) {
    append_line(out, "PARTIAL: stopped after {} of {} draws; the same as a run of {} draws",
                summary.draws, options.draws, summary.draws);
  }
  append_line(out, "{}", "");

  std::string threshold_header = "P(pass threshold)";
  if (const rules::ListRule* rule = scenario.list_rule()) {
    threshold_header = fmt::format(
        "P(>= {:g}% {})",
        100.0 * static_cast<double>(rule->threshold.parts_per_billion) / rules::kPartsPerBillion,
        rules::to_string(rule->threshold.base));
  }
  append_line(out, "{:<22} {:>6} {:>12}  {:<19} {:<19} {:>7} {:>13}  {:>5} {:>5}", "option",
              "share", "90% share", threshold_header, "P(any seat)", "seats", "90% interval",
              "list", "dist");
  for (const auto& o : summary.options) {
    const std::string share = o.mean_share ? fmt::format("{:5.1f}%", 100.0 * *o.mean_share) : "";
    const std::string share_interval = o.share ? share_interval_text(*o.share) : "";
    const std::string threshold = o.p_threshold ? percent(*o.p_threshold) : "";
    const std::string any_seat = o.p_any_seat ? percent(*o.p_any_seat) : "";
    std::string seats, interval, list, district;
    if (o.total_seats) {
      seats = fmt::format("{:.2f}", o.total_seats->mean);
      interval = fmt::format("[{}, {}]", o.total_seats->p5, o.total_seats->p95);
    }
    if (o.list_seats) list = fmt::format("{:.1f}", o.list_seats->mean);
    if (o.district_seats) district = fmt::format("{:.1f}", o.district_seats->mean);
    append_line(out, "{:<22} {:>6} {:>12}  {:<19} {:<19} {:>7} {:>13}  {:>5} {:>5}",
                o.option->name.substr(0, 22), share, share_interval, threshold, any_seat, seats,
                interval, list, district);
  }
  append_line(out, "{}", "");
  append_line(out, "events (probability ± Monte Carlo standard error)");
  for (const auto& e : summary.events) {
    if (e.p.p == 0.0) continue;
    append_line(out, "  {:<46} {}", e.name, percent(e.p));
  }
  append_line(
      out, "  (events with probability 0 in every draw are omitted here; --json lists them all)");
  append_tiers(out, scenario, summary);
  append_regions(out, scenario, summary);
  append_share_lines(out, scenario, summary);
  append_largest(out, summary);
  append_threshold_distance(out, summary);
  append_next_seat(out, scenario, summary);
  append_districts(out, scenario, summary);
  append_blocs(out, scenario, summary);
  append_coalitions(out, scenario, summary);
  append_correlations(out, scenario, summary);
  return out;
}

std::string to_text(const sim::Scenario& scenario, const sim::DrawRecord& draw,
                    std::uint64_t seed) {
  std::string out;
  append_line(out, "draw {} of seed {} ({}, block {}), replayed alone", draw.draw, seed,
              scenario.source, draw.draw / sim::kBlockSize);
  append_line(out, "{:<22} {:>9}  {:<10} {:>5} {:>9} {:>6}", "option", "share", "admitted", "list",
              "districts", "total");
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    const auto& option = scenario.options[k];
    const std::string share =
        draw.shares[k] ? fmt::format("{:8.4f}%", 100.0 * *draw.shares[k]) : "";
    const std::string admission =
        draw.admission[k] ? std::string(rules::to_string(*draw.admission[k])) : "";
    int won = 0;
    for (const int winner : draw.district_winners) won += winner == static_cast<int>(k);
    const std::string list = draw.list_seats[k] ? std::to_string(*draw.list_seats[k]) : "";
    const std::string districts = draw.district_winners.empty() ? "" : std::to_string(won);
    append_line(out, "{:<22} {:>9}  {:<10} {:>5} {:>9} {:>6}", option.name.substr(0, 22), share,
                admission, list, districts, draw.seats[k]);
  }
  if (!draw.district_winners.empty()) {
    append_line(out, "{}", "");
    append_line(out, "{}", "district winners:");
    for (std::size_t d = 0; d < draw.district_winners.size(); ++d) {
      append_line(out, "  {:<48} {}", scenario.district_tier->districts[d].name,
                  scenario.options[draw.district_winners[d]].name);
    }
  }
  return out;
}

}  // namespace seatsim::report
