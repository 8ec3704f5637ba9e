#pragma once
// The readers of a scenario's sections, which loader.cpp puts together: the parties
// (party_reader.cpp), [model] with [polls] (model_reader.cpp) and [tiers] (tier_reader.cpp). Each
// reports its problems to the TomlReader and leaves its part of the Scenario as far as it is valid.
#include <toml++/toml.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/toml_reader.hpp"
#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// Shares of the list ballot may be rounded in the file (published percentages rarely sum to
// exactly 100); within this tolerance they are renormalised, beyond it they are an error.
inline constexpr double kShareSumTolerance = 0.01;

struct OptionEntry {
  model::BallotOption option;
  std::optional<double> share;    // list-ballot options: mean national share, if it was valid
  bool share_overridden = false;  // set by --set: kept, while the other shares make room
  double written_share = 0.0;     // the share as written in the file, before any --set
  double district_share = 0.0;    // district-only options: share where no baseline says otherwise
  const toml::node* threshold_exempt = nullptr;  // `threshold_exempt = true`, where written
  std::optional<double> threshold;               // its own list threshold, if written
  const toml::node* threshold_node = nullptr;    // where
  toml::source_region source;                    // of its key, whose line gives the ballot order
};

// Whether `id` is 1 to kMaxIdLength characters of a-z, 0-9 and _: an option id or a bloc's name.
bool is_identifier(std::string_view id);

// [parties], in ballot order. `as_written` is the document before --set overrides: district
// baselines describe the districts at the national shares written in the file.
std::vector<OptionEntry> read_parties(TomlReader& r, const toml::table& root,
                                      const toml::table& as_written);

// The parties' shares, normalised, into s.vote.mean: the model's mean, or the prior that polls
// are blended with.
void read_prior_mean(TomlReader& r, const toml::table& root, sim::Scenario& s,
                     const std::vector<OptionEntry>& entries);

// The index of the option a table key names, or an error at the key if no option has that id.
std::optional<std::size_t> find_option(TomlReader& r, const std::vector<OptionEntry>& entries,
                                       const toml::key& id, const std::string& path);

// Per list-ballot option, the values of a table keyed by option ids, each in [low, high]; an
// option not listed is empty. Unknown ids and options off the list ballot are errors.
std::vector<std::optional<double>> per_list_option(TomlReader& r, const toml::table& values,
                                                   std::string_view path,
                                                   const std::vector<OptionEntry>& entries,
                                                   double low, double high, std::string_view why);

// [model] and [polls]: s.vote, s.polls, the invalid share and where n_eff comes from.
void read_model(TomlReader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries);

// A list rule's method variants, each only with its method: modified Sainte-Lague's
// `first_divisor` and the Droop quota's `quota_rounding` (also in history files' [rule]).
void read_method_variants(TomlReader& r, const toml::table& table, const std::string& path,
                          rules::ListRule& rule);

// A majority bonus table (seats, from, step, max_seats) into rule.bonus, within rule.seats.
void read_bonus(TomlReader& r, const toml::table& table, const std::string& path,
                rules::ListRule& rule);

// [tiers]: s.list_tier and s.district_tier, and the checks that tie them to the parties.
void read_tiers(TomlReader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries);

}  // namespace seatsim::scenario
