#pragma once
// Real vote counts for one allocation (`seatsim allocate --votes FILE.csv`): a CSV with a header
// row naming a `party` column, a `votes` column (whole, non-negative counts) and optionally a
// column of district seats won. Throws InputError, each message FILE:LINE: column: problem (why).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/list_tier.hpp"

namespace seatsim::scenario {

struct VoteTable {
  std::vector<std::string> parties;  // in file order, which is registration order
  std::vector<rules::Votes> votes;
  std::vector<int> district_seats;  // empty unless a district-seats column was named
};

// `district_column` empty means no district seats are read.
VoteTable read_vote_table(std::string_view text, std::string_view source,
                          std::string_view district_column);
VoteTable read_vote_table_file(const std::filesystem::path& path, std::string_view district_column);

}  // namespace seatsim::scenario
