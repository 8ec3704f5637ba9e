#pragma once
// Real vote counts for one allocation (`seatsim allocate --votes FILE.csv`): a CSV with a header
// row naming a `party` column, a `votes` column (whole, non-negative counts) and optionally a
// column of district seats won; for PR in multi-member list districts, also a column naming each
// row's list district, whose sizes come from a second CSV. Throws InputError, each message
// FILE:LINE: column: problem (why).
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

// A CSV's text and the name its messages give it.
struct CsvText {
  std::string_view text;
  std::string_view source;
};

// The columns of a long-form votes CSV: one row per (list district, party), the district named in
// column `region`; `district_seats` (may be empty: none) holds the single-member seats the party
// won in the district's region.
struct RegionalColumns {
  std::string_view region;
  std::string_view district_seats;
};

// PR in multi-member list districts: the long-form votes, and each district's size from a CSV with
// the columns region and seats, and optionally other_valid (its valid votes for no list: blank
// votes) and invalid (its invalid ballots).
struct RegionalVoteTable {
  std::vector<std::string> parties;  // in order of first appearance, which is registration order
  std::vector<std::string> regions;  // in the order of the sizes file
  std::vector<int> seats;            // per region
  std::vector<rules::Votes> other_valid;  // per region
  std::vector<rules::Votes> invalid;      // per region
  // [region * parties + party]; 0 (votes, seats) where the party has no row for the region.
  std::vector<rules::Votes> votes;
  std::vector<int> district_seats;  // empty unless a district-seats column was named
  // Per party, its votes and district seats summed over the regions (district seats: empty as
  // above). Every sum is at most rules::kMaxVotes, as every single count is.
  std::vector<rules::Votes> party_votes;
  std::vector<int> party_district_seats;
};

RegionalVoteTable read_regional_vote_table(CsvText votes, CsvText sizes, RegionalColumns columns);
RegionalVoteTable read_regional_vote_table_files(const std::filesystem::path& votes,
                                                 const std::filesystem::path& sizes,
                                                 RegionalColumns columns);

}  // namespace seatsim::scenario
