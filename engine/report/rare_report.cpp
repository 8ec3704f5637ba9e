#include "engine/report/rare_report.hpp"

#include <fmt/format.h>

#include <iterator>

namespace seatsim::report {
namespace {

// A rare probability in scientific notation with its standard error and relative standard error.
std::string scientific(const sim::Probability& p) {
  const std::string relative = p.p > 0 ? fmt::format("{:5.2f}%", 100.0 * p.se / p.p) : "    -";
  return fmt::format("{:>10.4e} ± {:<9.2e} (relative SE {})", p.p, p.se, relative);
}

nlohmann::ordered_json probability_json(const sim::Probability& p) {
  return {{"p", p.p}, {"se", p.se}};
}

}  // namespace

std::string to_text(const RareRun& run) {
  const auto& option = run.scenario.options[run.tilt.option];
  const auto& s = run.summary;
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "{}: importance sampling, {}'s mean share tilted from {:.2f}% to {:.2f}%\n",
                 run.scenario.source, option.id, 100.0 * run.tilt.alpha / run.scenario.vote.n_eff,
                 100.0 * run.tilt.share);
  fmt::format_to(std::back_inserter(out),
                 "{} draws, seed {}, {:.2f} s; effective draws {:.0f}; mean weight {:.4f} ± {:.4f} "
                 "(1 if the weights are right)\n\n",
                 s.draws, run.options.seed, run.seconds, s.effective_draws, s.mean_weight.p,
                 s.mean_weight.se);
  const std::string name = fmt::format("{} ({})", option.name, option.id);
  fmt::format_to(std::back_inserter(out), "{}\n", name);
  if (run.scenario.list_tier || run.scenario.regional_tier) {
    fmt::format_to(std::back_inserter(out), "  {:<32} {}\n", "P(passes the list threshold)",
                   scientific(s.p_threshold));
  }
  for (std::size_t i = 0; i < s.p_share_lines.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "  {:<32} {}\n",
                   fmt::format("P(share >= {:g}%)", 100.0 * run.scenario.questions.share_lines[i]),
                   scientific(s.p_share_lines[i]));
  }
  // The text stops where the seat tail falls below one in a million; the JSON has all of it.
  for (std::size_t i = 0; i < s.p_seats_at_least.size() && s.p_seats_at_least[i].p >= 1e-6; ++i) {
    fmt::format_to(std::back_inserter(out), "  {:<32} {}\n", fmt::format("P(seats >= {})", i + 1),
                   scientific(s.p_seats_at_least[i]));
  }
  if (!s.majority_lines.empty()) {
    fmt::format_to(std::back_inserter(out),
                   "\nSeat lines reached with probability >= 1e-6 (same weighted draws)\n");
    for (const auto& m : s.majority_lines) {
      if (m.p.p < 1e-6) continue;
      fmt::format_to(std::back_inserter(out), "  {:<32} {}\n",
                     fmt::format("P({} reaches {})", m.party, m.line), scientific(m.p));
    }
  }
  return out;
}

nlohmann::ordered_json to_json(const RareRun& run) {
  const auto& s = run.summary;
  nlohmann::ordered_json share_lines = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < s.p_share_lines.size(); ++i) {
    share_lines.push_back({{"line", run.scenario.questions.share_lines[i]},
                           {"p", s.p_share_lines[i].p},
                           {"se", s.p_share_lines[i].se}});
  }
  nlohmann::ordered_json seats = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < s.p_seats_at_least.size(); ++i) {
    seats.push_back(
        {{"seats", i + 1}, {"p", s.p_seats_at_least[i].p}, {"se", s.p_seats_at_least[i].se}});
  }
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const auto& m : s.majority_lines) {
    lines.push_back({{"party", m.party}, {"line", m.line}, {"p", m.p.p}, {"se", m.p.se}});
  }
  nlohmann::ordered_json result;
  result["schema"] = kRareJsonSchema;
  result["scenario"] = run.scenario.source;
  result["seed"] = run.options.seed;
  result["draws"] = s.draws;
  result["tilt"] = {{"party", run.scenario.options[run.tilt.option].id},
                    {"mean_share", run.tilt.alpha / run.scenario.vote.n_eff},
                    {"tilted_mean_share", run.tilt.share},
                    {"alpha", run.tilt.alpha},
                    {"tilted_alpha", run.tilt.tilted_alpha}};
  result["effective_draws"] = s.effective_draws;
  result["mean_weight"] = probability_json(s.mean_weight);
  if (run.scenario.list_tier) result["p_threshold"] = probability_json(s.p_threshold);
  result["p_share_lines"] = share_lines;
  result["p_seats_at_least"] = seats;
  result["seat_lines"] = lines;
  result["timing"] = {{"seconds", run.seconds}, {"threads", run.options.threads}};
  return result;
}

}  // namespace seatsim::report
