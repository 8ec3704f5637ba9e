#include "engine/report/explain.hpp"

#include "engine/report/append_line.hpp"

#include "engine/model/logistic_normal.hpp"
#include "engine/model/national_model.hpp"

#include <fmt/format.h>

namespace seatsim::report {
namespace {

void explain_polls(std::string& out, const sim::Scenario& s) {
  const auto& spec = s.polls->spec;
  const auto& aggregate = s.polls->aggregate;
  append_line(out, "polls: half-life {} days, cap {} respondents, design effect {}",
              spec.half_life_days, spec.sample_cap, spec.design_effect);
  append_line(out, "  {:<40} {:>23} {:>8} {:>9} {:>8} {:>11} {:>7}", "pollster", "fieldwork", "n",
              "undecided", "recency", "respondents", "weight");
  for (std::size_t i = 0; i < spec.polls.size(); ++i) {
    const auto& poll = spec.polls[i];
    const auto& weight = aggregate.weights[i];
    append_line(out, "  {:<40} {:>23} {:>8} {:>8.1f}% {:>8.3f} {:>11.1f} {:>6.1f}%", poll.pollster,
                fmt::format("{} to {}", model::iso_date(poll.fieldwork_start),
                            model::iso_date(poll.fieldwork_end)),
                poll.sample_size, 100.0 * poll.undecided, weight.recency, weight.respondents,
                100.0 * weight.respondents / aggregate.n_eff);
    if (weight.clamped > 0) {
      append_line(
          out,
          "    house effect above this poll's share for {} option(s): counted as 0 in this poll",
          weight.clamped);
    }
  }
  append_line(out, "  {:<40} {:>23} {:>8} {:>9} {:>8} {:>11.1f} {:>6.1f}%",
              "prior (the parties' shares)", "", "", "", "", spec.prior_n,
              100.0 * spec.prior_n / aggregate.n_eff);
  append_line(out, "aggregate: effective sample size {:.1f}, undecided {:.1f}%", aggregate.n_eff,
              100.0 * aggregate.undecided);
  // The logistic models centre on the posterior given the polls, not on the aggregate.
  std::vector<double> centre;
  if (!s.vote.prior_alpha.empty()) {
    centre = model::centre_shares(model::logistic_normal_spec(s.vote));
    append_line(out,
                "  the weights make the aggregate (the conjugate blend); the {} centres instead "
                "on the",
                model::to_string(s.vote.kind));
    append_line(out, "{}",
                "  posterior given the polls, which shrinks each option's polls towards the prior "
                "by its systematic");
    append_line(out, "{}",
                "  error and drift. centre: the shares at the posterior's location, each "
                "log-ratio at its median");
  }
  const bool effects = spec.house_effects != model::HouseEffects::none;
  std::string header = fmt::format("  {:<24} {:>7} {:>9}", "option", "prior", "aggregate");
  if (!centre.empty()) header += fmt::format(" {:>7}", "centre");
  for (const auto& effect : aggregate.house_effects) {
    if (effects) header += fmt::format(" {:>10.10}", effect.pollster);
  }
  append_line(out, "{}", header);
  std::size_t j = 0;
  for (const auto& option : s.options) {
    if (!model::on_list_ballot(option.kind)) continue;
    std::string row = fmt::format("  {:<24} {:>6.2f}% {:>8.2f}%", option.name,
                                  100.0 * spec.prior[j], 100.0 * aggregate.mean[j]);
    if (!centre.empty()) row += fmt::format(" {:>6.2f}%", 100.0 * centre[j]);
    for (const auto& effect : aggregate.house_effects) {
      if (effects) row += fmt::format(" {:>+9.2f}p", 100.0 * effect.shift[j]);
    }
    append_line(out, "{}", row);
    ++j;
  }
  if (effects)
    append_line(out, "  (house effects in points of the decided vote, {})",
                spec.house_effects == model::HouseEffects::given ? "given" : "estimated");
}

}  // namespace

std::string explain(const sim::Scenario& s) {
  std::string out;
  const auto& vote = s.vote;
  if (vote.kind == model::DrawModel::fixed) {
    append_line(out, "model: fixed (every draw's shares are the mean)");
  } else {
    append_line(
        out, "model: {}, n_eff {:.1f}{}", model::to_string(vote.kind), vote.n_eff,
        s.n_eff_source == sim::NeffSource::polls ? " (the polls' effective sample size)" : "");
  }
  if (model::logistic(vote.kind)) {
    append_line(out, "  systematic error correlation {}, drift sd {} per year over {} days",
                vote.error_correlation, vote.drift_sd, vote.drift_days);
    if (vote.kind == model::DrawModel::student_t) append_line(out, "  Student-t df {}", vote.df);
  }
  if (vote.undecided_split == model::UndecidedSplit::dirichlet) {
    append_line(out, "  undecided {:.1f}% split by Dirichlet(concentration {} x mean)",
                100.0 * vote.undecided, vote.undecided_concentration);
  }
  if (s.invalid_sd > 0.0) {
    append_line(out, "  invalid ballots: median {:.2f}%, logit sd {}", 100.0 * s.invalid_share,
                s.invalid_sd);
  }
  if (s.polls) explain_polls(out, s);
  append_line(out, "{}", "");
  return out;
}

}  // namespace seatsim::report
