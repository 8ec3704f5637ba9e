// Polls from a CSV file: the same polls as inline tables, percentages read as the decimals they
// print, decided-voter shares converted to shares of all respondents, and each problem at its
// file, line and column.
#include "engine/scenario/poll_table.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/scenario/loader.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/scenario/writer.hpp"
#include "tests/input_errors.hpp"

using namespace seatsim;

namespace {

const std::vector<std::string> kIds{"a", "b", "c"};
const scenario::PollTableFormat kAll{.option_ids = kIds, .election_day = 20000};

std::vector<std::string> errors_of(const std::string& csv, const scenario::PollTableFormat& f) {
  return test::input_errors([&] { scenario::read_poll_table(csv, "polls.csv", f); });
}

}  // namespace

TEST_CASE("kz-2023-forecast.toml's CSV polls are its former inline polls, to the bit") {
  const std::string path = SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml";
  std::string text = scenario::read_text_file(path);
  const auto from_csv = scenario::load_text(text, path);
  for (const char* line : {"file = \"kz-2023-polls.csv\"\n", "basis = \"all\"\n"}) {
    const auto at = text.find(line);
    REQUIRE(at != std::string::npos);
    text.erase(at, std::string(line).size());
  }
  text += "\n" + scenario::read_text_file(SEATSIM_SOURCE_DIR
                                          "/tests/scenario/data/kz-2023-inline-polls.toml");
  const auto inline_polls = scenario::load_text(text, path);
  REQUIRE(from_csv.polls);
  REQUIRE(inline_polls.polls);
  CHECK(from_csv.polls->spec.polls.size() == 2);
  CHECK(from_csv.polls->aggregate.mean == inline_polls.polls->aggregate.mean);
  CHECK(from_csv.polls->aggregate.n_eff == inline_polls.polls->aggregate.n_eff);
  CHECK(test::normalised(from_csv) == test::normalised(inline_polls));
}

TEST_CASE("a poll table reads numbers and percentages alike, and empty cells as not reported") {
  const auto polls = scenario::read_poll_table(
      "\xEF\xBB\xBFpollster,fieldwork_start,fieldwork_end,sample_size,c,a,undecided\n"
      "\"Polls, Inc.\",2024-01-01,2024-01-03,1000,48.6%,0.3,10%\n"
      "Other,2024-02-01,2024-02-01,500,,0.5,\n",
      "polls.csv", kAll);
  REQUIRE(polls.size() == 2);
  CHECK(polls[0].pollster == "Polls, Inc.");
  CHECK(polls[0].fieldwork_end - polls[0].fieldwork_start == 2);
  CHECK(polls[0].sample_size == 1000.0);
  CHECK(polls[0].shares[2] == 0.486);  // the same double as the decimal 0.486
  CHECK(polls[0].shares[0] == 0.3);
  CHECK_FALSE(polls[0].shares[1]);  // no column for b
  CHECK(polls[0].undecided == 0.1);
  CHECK_FALSE(polls[1].shares[2]);  // an empty cell
  CHECK(polls[1].undecided == 0.0);
}

TEST_CASE("decided-voter shares become shares of all respondents") {
  scenario::PollTableFormat decided = kAll;
  decided.basis = scenario::PollBasis::decided;
  const std::string csv =
      "pollster,fieldwork_start,fieldwork_end,sample_size,a,b,undecided,refused\n"
      "P,2024-01-01,2024-01-03,1000,60%,40%,15%,5%\n";
  const auto polls = scenario::read_poll_table(csv, "polls.csv", decided);
  REQUIRE(polls.size() == 1);
  CHECK(polls[0].undecided == Approx(0.2).epsilon(1e-15));
  CHECK(*polls[0].shares[0] == Approx(0.6 * 0.8).epsilon(1e-15));
  CHECK(*polls[0].shares[1] == Approx(0.4 * 0.8).epsilon(1e-15));
  // As shares of all respondents the same row sums to 1.2, which is refused.
  const auto errors = errors_of(csv, kAll);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::StartsWith("polls.csv:2: b: the shares sum to 1.2"));
}

TEST_CASE("each problem of a poll table is named by file, line and column") {
  const auto errors = errors_of(
      "pollster,fieldwork_start,fieldwork_end,sample_size,a,b\n"
      "P,2024-01-05,2024-01-03,abc,0.5,0.2\n"
      "\n"
      "Q,2024-02-30,2030-01-01,100,x,1.5\n"
      "R,2024-01-01,2024-01-01,100,0.5\n",
      kAll);
  REQUIRE(errors.size() == 7);
  CHECK_THAT(errors[0], Catch::StartsWith("polls.csv:2: fieldwork_end: before fieldwork_start"));
  CHECK_THAT(errors[1], Catch::StartsWith("polls.csv:2: sample_size: \"abc\" is not a number"));
  CHECK_THAT(errors[2],
             Catch::StartsWith("polls.csv:4: fieldwork_start: \"2024-02-30\" is not a date"));
  CHECK_THAT(errors[3], Catch::StartsWith("polls.csv:4: fieldwork_end: after the election"));
  CHECK_THAT(errors[4], Catch::StartsWith("polls.csv:4: a: \"x\" is not a share"));
  CHECK_THAT(errors[5], Catch::StartsWith("polls.csv:4: b: 1.5 is outside [0, 1]"));
  CHECK_THAT(errors[6], Catch::StartsWith("polls.csv:5: (row): 5 fields (the header has 6)"));

  CHECK_THAT(errors_of("pollster,fieldwork_start,sample_size,a,d\nP,2024-01-01,1,0.5,0.1\n", kAll),
             Catch::VectorContains(std::string(
                 "polls.csv:1: d: unknown column (the columns are pollster, fieldwork_start, "
                 "fieldwork_end, sample_size, undecided, refused and the list-ballot option ids "
                 "a, b, c)")));
  CHECK_THAT(errors_of("pollster,fieldwork_start,sample_size,a\nP,2024-01-01,1,0.5\n", kAll)[0],
             Catch::StartsWith("polls.csv:1: fieldwork_end: missing column"));
  CHECK_THAT(errors_of("pollster,fieldwork_start,fieldwork_end,sample_size,a\n", kAll)[0],
             Catch::StartsWith("polls.csv:1: (rows): no polls"));
}
