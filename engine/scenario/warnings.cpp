#include "engine/scenario/warnings.hpp"

#include <fmt/format.h>

#include "engine/scenario/enum_names.hpp"

namespace seatsim::scenario {

std::vector<std::string> model_warnings(const sim::Scenario& scenario) {
  const auto& vote = scenario.vote;
  if (!model::logistic(vote.kind)) return {};
  std::vector<std::string> small;
  for (std::size_t k = 0, j = 0; k < scenario.options.size() && j < vote.mean.size(); ++k) {
    if (!model::on_list_ballot(scenario.options[k].kind)) continue;
    const double concentration = vote.n_eff * vote.mean[j++];
    if (concentration < 1.0) {
      small.push_back(fmt::format("{} {:.3g}", scenario.options[k].id, concentration));
    }
  }
  if (small.empty()) return {};
  return {fmt::format(
      "{}: model.type: \"{}\" strays from the stated shares where n_eff x share is below 1: {} "
      "(its log-ratio normal gives such an option far more large shares than Dirichlet(n_eff x "
      "share); use \"dirichlet\", or see docs/polls-and-models.md)",
      scenario.source, to_string(vote.kind), fmt::join(small, ", "))};
}

}  // namespace seatsim::scenario
