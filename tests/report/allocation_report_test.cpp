// The allocation report (engine/report/allocation_report.cpp): counts worded "1 seat", "n seats".
#include "engine/report/allocation_report.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace seatsim;
using namespace seatsim::rules;

namespace {

std::string text_of(const SystemSpec& spec, const report::CountedVotes& votes) {
  return report::allocation_report(ElectoralSystem(spec), votes, "votes.csv",
                                   report::AllocationFormat::text);
}

ListRule rule(int seats, int waiver) {
  return {.seats = seats,
          .method = Method::hare,
          .threshold = {.parts_per_billion = 50'000'000, .base = ThresholdBase::valid},
          .waiver_district_seats = waiver};
}

}  // namespace

TEST_CASE("the allocation report says 1 district seat, 1 seat and 1 winner, and n of them") {
  const report::CountedVotes votes{
      .parties = {"A", "B", "C"}, .votes = {600, 370, 30}, .district_seats = {2, 1, 1}};
  const std::string one =
      text_of({.list = rule(1, 1), .district_seats = 4, .exemptions = {}}, votes);
  CHECK_THAT(one, Catch::Contains("1 seat, threshold"));
  CHECK_THAT(one, Catch::Contains(" or 1 district seat,"));
  CHECK_THAT(one, !Catch::Contains("1 district seats") && !Catch::Contains("1 seats"));
  const std::string two =
      text_of({.list = rule(10, 2), .district_seats = 4, .exemptions = {}}, votes);
  CHECK_THAT(two, Catch::Contains("10 seats, threshold"));
  CHECK_THAT(two, Catch::Contains(" or 2 district seats"));
  // C (3%) is not admitted; under not-seated its one district winner is not seated.
  const std::string unseated = text_of({.list = rule(10, 0),
                                        .district_seats = 4,
                                        .composition = Composition::compensatory,
                                        .overhang = Overhang::not_seated,
                                        .exemptions = {}},
                                       votes);
  CHECK_THAT(unseated, Catch::Contains("(1 district winner not seated)"));
}
