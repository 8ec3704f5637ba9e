// The --vary grammar: numeric ranges (both ends, the end included where the steps miss it), lists
// of words or numbers, and the problems each can have.
#include "engine/scenario/sweep_axis.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

using seatsim::scenario::check_distinct_keys;
using seatsim::scenario::parse_sweep_axis;
using Values = std::vector<seatsim::sim::SweepValue>;

TEST_CASE("a range includes both ends, the end also where the steps do not land on it") {
  CHECK(parse_sweep_axis("k=0.03:0.07:0.01").values == Values{0.03, 0.04, 0.05, 0.06, 0.07});
  CHECK(parse_sweep_axis("k=0.03:0.08:0.02").values == Values{0.03, 0.05, 0.07, 0.08});
  CHECK(parse_sweep_axis("k=1:10:4").values == Values{1.0, 5.0, 9.0, 10.0});
  CHECK(parse_sweep_axis("k=0.05:0.05:0.01").values == Values{0.05});
  // A step larger than the range: the two ends.
  CHECK(parse_sweep_axis("k=0:1:5").values == Values{0.0, 1.0});
  CHECK(parse_sweep_axis("k=0:0.9:0.0001").values.size() == 9001);
  CHECK_THROWS_WITH(parse_sweep_axis("k=0:0.9:0.00001"), "90001 points (at most 10000)");
  CHECK_THROWS_WITH(parse_sweep_axis("k=0.07:0.03:0.01"), "needs STEP > 0 and TO >= FROM");
  CHECK_THROWS_WITH(parse_sweep_axis("k=1:2:3:4"), Catch::StartsWith("expected KEY=FROM:TO:STEP"));
}

TEST_CASE("a list holds words and numbers, each once, in the order given") {
  const auto methods = parse_sweep_axis("tiers.list.method=dhondt,hare,sainte-lague");
  CHECK(methods.key == "tiers.list.method");
  CHECK(methods.spec == "tiers.list.method=dhondt,hare,sainte-lague");
  CHECK(methods.values ==
        Values{std::string("dhondt"), std::string("hare"), std::string("sainte-lague")});
  CHECK(parse_sweep_axis("k=0.07,0.05").values == Values{0.07, 0.05});
  CHECK(parse_sweep_axis("k=hare").values == Values{std::string("hare")});
  CHECK_THROWS_WITH(parse_sweep_axis("k=hare,dhondt,hare"), "\"hare\" is listed twice");
  CHECK_THROWS_WITH(parse_sweep_axis("k=0.05,0.050"), "\"0.050\" is listed twice");
  CHECK_THROWS_WITH(parse_sweep_axis("k=hare,,dhondt"), Catch::StartsWith("an empty value"));
  CHECK_THROWS_WITH(parse_sweep_axis("k=hare,"), Catch::StartsWith("an empty value"));
  CHECK_THROWS_WITH(parse_sweep_axis("k="), Catch::StartsWith("expected KEY=FROM:TO:STEP"));
  CHECK_THROWS_WITH(parse_sweep_axis("k=dhondt:hare:1"),
                    Catch::StartsWith("\"dhondt\" is not a number"));
}

TEST_CASE("a key varied on two axes is refused, naming both") {
  std::vector<seatsim::sim::SweepAxis> axes{parse_sweep_axis("a=1:2:1"), parse_sweep_axis("b=x,y")};
  CHECK_NOTHROW(check_distinct_keys(axes));
  axes.push_back(parse_sweep_axis("a=3,4"));
  CHECK_THROWS_WITH(check_distinct_keys(axes),
                    Catch::StartsWith("a is varied twice (\"a=1:2:1\" and \"a=3,4\")"));
}
