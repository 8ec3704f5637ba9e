#pragma once
// The small scenario the sim tests share: a Dirichlet vote, a list tier and three districts.
#include <string_view>

#include "engine/scenario/loader.hpp"

namespace seatsim::test {

// A Dirichlet scenario with a list tier and districts, small enough to run many draws quickly.
inline constexpr std::string_view kScenario = R"(
[election]
name = "Test"
date = 2030-01-01
[parties.big]
name = "Big"
share = 0.60
[parties.mid]
name = "Mid"
share = 0.25
[parties.small]
name = "Small"
share = 0.045
[parties.none]
name = "Against all"
kind = "against_all"
share = 0.105
[parties.ind]
name = "Independents"
kind = "district_only"
district_share = 0.3
[model]
type = "dirichlet"
n_eff = 300
[tiers.list]
seats = 20
method = "hare"
threshold = 0.05
threshold_base = "valid"
[tiers.districts]
noise = 0.3
[[tiers.districts.district]]
name = "1"
multiplier = {}
[[tiers.districts.district]]
name = "2"
baseline = { big = 0.3, mid = 0.3, ind = 0.4 }
[[tiers.districts.district]]
name = "3"
multiplier = { big = 0.5, mid = 1.5 }
)";

// Three parties in three multi-member list districts, D'Hondt with 3% per district.
inline constexpr std::string_view kRegionsScenario = R"(
[election]
name = "Test regions"
date = 2030-01-01
[parties.big]
name = "Big"
share = 0.50
[parties.mid]
name = "Mid"
share = 0.35
[parties.small]
name = "Small"
share = 0.05
[parties.blank]
name = "Blank"
kind = "other_valid"
share = 0.10
[model]
type = "dirichlet"
n_eff = 300
[tiers.regions]
method = "dhondt"
threshold = 0.03
noise = 0.2
[[tiers.regions.region]]
name = "North"
seats = 10
valid_votes = 500000
multiplier = {}
[[tiers.regions.region]]
name = "South"
seats = 6
valid_votes = 300000
baseline = { big = 0.3, mid = 0.5, small = 0.1, blank = 0.1 }
[[tiers.regions.region]]
name = "Island"
seats = 1
valid_votes = 20000
multiplier = { small = 5 }
)";

inline sim::Scenario test_scenario() {
  return scenario::load_text(kScenario, "test.toml");
}

}  // namespace seatsim::test
