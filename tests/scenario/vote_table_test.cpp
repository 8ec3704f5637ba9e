// The vote CSVs of `seatsim allocate --votes`: one row per party, or long-form with list districts
// (one row per district and party) and the districts' sizes from a second file; each problem at
// its file, line and column, those of both files at once.
#include "engine/scenario/vote_table.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/input_errors.hpp"

using namespace seatsim;

namespace {

scenario::RegionalVoteTable regional(const std::string& votes, const std::string& sizes,
                                     std::string_view district_column = {}) {
  return scenario::read_regional_vote_table(
      {.text = votes, .source = "v.csv"}, {.text = sizes, .source = "s.csv"},
      {.region = "region", .district_seats = district_column});
}

std::vector<std::string> regional_errors(const std::string& votes, const std::string& sizes) {
  return test::input_errors([&] { regional(votes, sizes); });
}

}  // namespace

TEST_CASE("a national vote CSV gives each party's votes and district seats in file order") {
  const auto table = scenario::read_vote_table(
      "party,votes,note,won\n\"Left, Green\",120,x,1\nRight,80,,0\n", "v.csv", "won");
  CHECK(table.parties == std::vector<std::string>{"Left, Green", "Right"});
  CHECK(table.votes == std::vector<rules::Votes>{120, 80});
  CHECK(table.district_seats == std::vector<int>{1, 0});
}

TEST_CASE("a long-form vote CSV is pivoted to districts (sizes file order) by parties") {
  // B's first row comes before A's; South's rows before North's; C stands only in North; the
  // sizes file lists North first and leaves South's other_valid empty.
  const auto t = regional(
      "region,party,votes,won\nSouth,B,40,1\n\"North, rural\",A,500,2\n"
      "South,A,60,0\n\"North, rural\",C,7,0\n\"North, rural\",B,300,0\n",
      "region,seats,other_valid,invalid\n\"North, rural\",5,11,3\nSouth,3,,9\n", "won");
  CHECK(t.parties == std::vector<std::string>{"B", "A", "C"});
  CHECK(t.regions == std::vector<std::string>{"North, rural", "South"});
  CHECK(t.seats == std::vector<int>{5, 3});
  CHECK(t.other_valid == std::vector<rules::Votes>{11, 0});
  CHECK(t.invalid == std::vector<rules::Votes>{3, 9});
  // [region * parties + party]: North B A C, then South B A C.
  CHECK(t.votes == std::vector<rules::Votes>{300, 500, 7, 40, 60, 0});
  CHECK(t.district_seats == std::vector<int>{0, 2, 0, 1, 0, 0});
  CHECK(t.party_votes == std::vector<rules::Votes>{340, 560, 7});
  CHECK(t.party_district_seats == std::vector<int>{1, 2, 0});
}

TEST_CASE("a sizes file without other_valid or invalid columns gives none") {
  const auto t = regional("region,party,votes\nN,A,5\n", "seats,region\n2,N\n");
  CHECK(t.seats == std::vector<int>{2});
  CHECK(t.other_valid == std::vector<rules::Votes>{0});
  CHECK(t.invalid == std::vector<rules::Votes>{0});
  CHECK(t.district_seats.empty());
  CHECK(t.party_district_seats.empty());
}

TEST_CASE("the problems of both files are reported at once, each at its file and line") {
  auto errors =
      regional_errors("region,party,votes\nN,A,5\nE,A,1\nN,A,2\n", "region,seats\nN,2\nW,1\n");
  std::sort(errors.begin(), errors.end());
  CHECK(errors == std::vector<std::string>{
                      "s.csv:3: region: no rows in v.csv (every list district needs its lists' "
                      "votes, each a row naming it in column region)",
                      "v.csv:3: region: list district \"E\" has no size (give it a row in s.csv)",
                      "v.csv:4: party: duplicate party \"A\" in \"N\" (each party has one row per "
                      "list district)"});
  // A bad cell in each file: both reported, before any cross-check.
  const auto cells = regional_errors("region,party,votes\nN,A,x\n", "region,seats\nN,0\n");
  REQUIRE(cells.size() == 2);
  CHECK(cells[0].starts_with("s.csv:2: seats: 0 seats"));
  CHECK(cells[1].starts_with("v.csv:2: votes: \"x\" is not a whole number"));
}

TEST_CASE("a party's votes summed over the districts stay within the count limit") {
  const std::string at_limit = std::to_string(rules::kMaxVotes);
  CHECK_NOTHROW(
      regional("region,party,votes\nN,A," + std::to_string(rules::kMaxVotes - 1) + "\nS,A,1\n",
               "region,seats\nN,1\nS,1\n"));
  CHECK(
      regional_errors("region,party,votes\nN,A," + at_limit + "\nS,A,1\n",
                      "region,seats\nN,1\nS,1\n") ==
      std::vector<std::string>{"v.csv:3: votes: \"A\"'s votes over the list districts reach " +
                               std::to_string(rules::kMaxVotes + 1) +
                               " (at most 1099511627776 in all, so that totals cannot overflow)"});
}
