// The text report (engine/report/text_report.cpp): the share interval printed at the histogram's
// resolution, consistent with the mean share beside it; counts worded "1 seat", "n seats".
#include "engine/report/text_report.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>
#include <string>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

using namespace seatsim;

namespace {

struct ShareRow {
  double mean = 0.0, low = 0.0, high = 0.0;
};

// Each "<name> <mean>% [<low>, <high>]" of the report's option table, in order.
std::vector<ShareRow> share_rows(const std::string& text) {
  static const std::regex row(R"(\s(\d+\.\d)% +\[(\d+\.\d), (\d+\.\d)\])");
  std::vector<ShareRow> rows;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator();
       ++it) {
    rows.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3])});
  }
  return rows;
}

std::string report_of(const sim::Scenario& s, std::uint64_t draws,
                      sim::Summary* summary = nullptr) {
  const sim::RunOptions options{.draws = draws, .seed = 3, .threads = 1};
  const auto result = sim::run(s, options);
  const auto summarized = sim::summarize(s, result.tally);
  if (summary) *summary = summarized;
  return report::to_text(s, summarized, options, result);
}

}  // namespace

TEST_CASE("a share fixed in one bin is printed inside its interval, one bin wide") {
  // New Zealand 2023 at the official result: every draw has the same shares.
  const auto s = scenario::load_file(SEATSIM_SOURCE_DIR "/scenarios/nz-2023.toml");
  const auto rows = share_rows(report_of(s, 4096));
  REQUIRE(rows.size() == 9);  // the eight parties and the other parties' line
  for (const auto& r : rows) {
    CAPTURE(r.mean, r.low, r.high);
    CHECK(r.low <= r.mean);
    CHECK(r.mean <= r.high);
    CHECK(std::abs(r.high - r.low - 0.1) < 1e-9);
  }
  // National's share, 0.381661496 in the scenario, lies in the bin [38.1, 38.2), and its mean
  // rounds to 38.2: before, the interval read [38.1, 38.1] beside 38.2%.
  CHECK(rows[0].mean == 38.2);
  CHECK(rows[0].low == 38.1);
  CHECK(rows[0].high == 38.2);
}

TEST_CASE("a share interval runs from the 5% quantile's bin to the end of the 95% quantile's") {
  const auto s = scenario::load_file_or_default("");
  sim::Summary summary;
  const auto rows = share_rows(report_of(s, 3 * 4096, &summary));
  std::size_t row = 0;
  for (const auto& o : summary.options) {
    if (!o.share) continue;
    REQUIRE(row < rows.size());
    const double low = 100.0 * o.share->quantiles[0].value;
    const double high = 100.0 * o.share->quantiles[4].value + 0.1;
    CHECK(rows[row].low == Approx(low).margin(0.051));
    CHECK(rows[row].high == Approx(high).margin(0.051));
    // The draws' 5-95% interval lies inside the printed one, and so does the mean here.
    CHECK(rows[row].low <= rows[row].mean);
    CHECK(rows[row].mean <= rows[row].high);
    ++row;
  }
  CHECK(row == rows.size());
}

TEST_CASE("the text report says 1 draw, and n draws and seats otherwise") {
  const auto s = scenario::load_file_or_default("");
  const auto one = report_of(s, 1);
  CHECK(one.find("\n1 draw, seed 3,") != std::string::npos);
  CHECK(one.find("1 draws") == std::string::npos);
  CHECK(report_of(s, 2).find("\n2 draws, seed 3,") != std::string::npos);
  CHECK(one.find(": 98 seats\n") != std::string::npos);
}
