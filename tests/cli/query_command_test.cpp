// run --save-draws and seatsim query, run as a user would.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/report/crc32c.hpp"
#include "engine/sim/little_endian.hpp"
#include "run_seatsim.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Sets the u32 at `offset`, little-endian.
void put_u32(std::string& bytes, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>(value >> (8 * i));
}

// Recomputes the CRC-32C in the last 4 bytes, as a forger (or a bug in a writer) would: the
// checks behind the checksum must hold on their own.
std::string with_fresh_checksum(std::string bytes) {
  std::string crc;
  seatsim::sim::put_little_endian(
      crc, seatsim::report::crc32c(std::string_view(bytes).substr(0, bytes.size() - 4)));
  return bytes.replace(bytes.size() - 4, 4, crc);
}

}  // namespace

TEST_CASE("saved draws are the run's draws, in order, whatever the thread count") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string draws = std::to_string(3 * 4096 + 17);
  const auto one = dir / "one.draws";
  const auto two = dir / "two.draws";
  REQUIRE(run_seatsim("run --draws " + draws + " --seed 8 --threads 1 --quiet --save-draws " +
                      one.string() + " --json " + (dir / "one.json").string())
              .status == 0);
  REQUIRE(run_seatsim("run --draws " + draws + " --seed 8 --threads 2 --quiet --save-draws " +
                      two.string())
              .status == 0);
  const std::string bytes = read_file(one);
  CHECK(bytes.rfind("SSIMDRAW", 0) == 0);
  CHECK(bytes == read_file(two));
  // 9 options: a record is 8 + 8 * 9 bytes.
  // ... and after the records, their count (8 bytes) and the CRC-32C (4).
  CHECK((bytes.size() - bytes.find("self_nominated") - 14) == (3 * 4096 + 17) * 80 + 12);

  // P(baytaq passes) from the draws is the run's own count: the JSON's p_threshold, exactly.
  const auto passed = run_seatsim("query " + one.string() + " --where baytaq.passed");
  REQUIRE(passed.status == 0);
  const std::string json = read_file(dir / "one.json");
  const auto baytaq = json.find("\"id\": \"baytaq\"");
  const auto p_at = json.find("\"p_threshold\": ", baytaq) + 15;
  const double p = std::stod(json.substr(p_at, json.find(',', p_at) - p_at));
  const auto count = std::llround(p * (3 * 4096 + 17));
  CHECK_THAT(passed.output,
             Catch::StartsWith(std::to_string(count) + " of " + draws + " saved draws (seed 8)"));
  CHECK_THAT(passed.output, Catch::Contains("amanat                 seats"));

  // A condition and its negation split the draws.
  const auto negated = run_seatsim("query " + one.string() + " --where 'not (baytaq.passed)'");
  CHECK_THAT(negated.output, Catch::StartsWith(std::to_string(3 * 4096 + 17 - count) + " of "));
  const auto all = run_seatsim("query " + one.string() +
                               " --where 'baytaq.passed or not baytaq.passed' --show share");
  CHECK_THAT(all.output, Catch::StartsWith(draws + " of " + draws));
  CHECK_THAT(all.output, Catch::Contains("baytaq                 share"));

  fs::remove_all(dir);
}

TEST_CASE("bad query expressions and damaged draw files are input errors") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-errors-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "run.draws";
  REQUIRE(run_seatsim("run --draws 100 --quiet --save-draws " + file.string()).status == 0);
  const std::pair<const char*, const char*> cases[] = {
      {"baytaq.pased", "\"pased\" is not a field"},
      {"baytak.passed", "\"baytak\" is not an option in this file"},
      {"baytaq.seats >", "expected a number at column 15"},
      {"(baytaq.passed", "expected \")\""},
      {"baytaq.passed amanat.passed", "expected \"and\", \"or\" or the end"},
      {"baytaq.share => 0.1", "expected a comparison"},
      {"amanat.seats + baytaq.passed >= 1", "\".passed\" is true or false: it cannot be added"},
      {"baytaq.passed + amanat.seats >= 1", "\".passed\" is true or false: it cannot be added"},
      {"amanat.seats + ak_zhol.share >= 50", "a sum adds seats to seats or shares to shares"},
      {"amanat.seats + >= 50", "expected an option id"},
      {"amanat.seats + ak_zhol.seats", "expected a comparison"},
  };
  for (const auto& [where, message] : cases) {
    CAPTURE(where);
    const auto outcome = run_seatsim("query " + file.string() + " --where '" + where + "'");
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.output, Catch::Contains(message));
  }
  const std::string bytes = read_file(file);
  std::ofstream(dir / "cut.draws", std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  const auto cut = run_seatsim("query " + (dir / "cut.draws").string() + " --where baytaq.passed");
  CHECK(cut.status == 2);
  CHECK_THAT(cut.output, Catch::Contains("not a seatsim draw file (its last record is cut short)"));
  const auto missing = run_seatsim("query " + (dir / "none.draws").string() + " --where x.passed");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.output, Catch::Contains("cannot open"));
  fs::remove_all(dir);
}

// Header fields and records that once crashed, overflowed or were believed (docs/save-draws.md).
TEST_CASE("draw files that lie about their shape or length are refused") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-lies-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "run.draws";
  REQUIRE(run_seatsim("run --draws 100 --quiet --save-draws " + file.string()).status == 0);
  const std::string good = read_file(file);
  // Header: magic, version, seed, then list seats at byte 20 and district seats at 24.
  constexpr std::size_t kListSeats = 20, kDistrictSeats = 24, kRecord = 80, kTrailer = 12;
  auto query = [&](const std::string& bytes, const std::string& where = "baytaq.passed") {
    std::ofstream(dir / "bad.draws", std::ios::binary) << bytes;
    return run_seatsim("query " + (dir / "bad.draws").string() + " --where '" + where + "'");
  };
  auto refused = [&](const std::string& bytes, const char* message) {
    const auto outcome = query(bytes);
    CAPTURE(message);
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.output, Catch::Contains(message));
  };
  std::string huge = good;
  put_u32(huge, kListSeats, 0xFFFFFFFFU);  // segfaulted
  refused(with_fresh_checksum(huge), "are not those of a house");
  std::string overflow = good;
  put_u32(overflow, kDistrictSeats, 0x7FFFFFFFU);  // overflowed an int into "internal error"
  refused(with_fresh_checksum(overflow), "are not those of a house");
  std::string empty_house = good;
  put_u32(empty_house, kListSeats, 0);
  put_u32(empty_house, kDistrictSeats, 0);  // showed 0 seats for all
  refused(with_fresh_checksum(empty_house), "are not those of a house");
  // One whole record cut out before the trailer: the count no longer matches (it was accepted).
  std::string cut = good;
  cut.erase(cut.size() - kTrailer - kRecord, kRecord);
  refused(cut, "its record count does not match its records");
  refused(good.substr(0, good.size() - kTrailer), "not a seatsim draw file");
  std::string flipped = good;
  flipped[good.size() - kTrailer - kRecord + 9] ^= 0x10;
  refused(flipped, "its CRC-32C does not match");
  // A record's list seats above the house, behind a valid checksum.
  std::string seats = good;
  const std::size_t first_list_seat = good.size() - kTrailer - kRecord + 8 + 4 * 9;
  seats[first_list_seat] = '\xFF';
  seats[first_list_seat + 1] = '\xFF';
  refused(with_fresh_checksum(seats), "more list seats than the house");
  CHECK(query(good).status == 0);

  // An option whose id is "not" (once unqueryable: "not" was always the operator).
  std::string renamed = good;
  const auto amanat = renamed.find(
      "\x06"
      "amanat");
  REQUIRE(amanat != std::string::npos);
  renamed.replace(amanat, 7,
                  "\x03"
                  "not");
  const auto not_passed = query(with_fresh_checksum(renamed), "not.passed and not not.seats < 1");
  CHECK(not_passed.status == 0);
  CHECK_THAT(not_passed.output, Catch::Contains("not                    seats"));

  // Nesting deep enough to overflow the stack (30'000 parentheses did) is refused.
  const auto deep =
      query(good, std::string(30'000, '(') + "baytaq.passed" + std::string(30'000, ')'));
  CHECK(deep.status == 2);
  CHECK_THAT(deep.output, Catch::Contains("nested more than 256 deep"));
  const auto nested = query(good, std::string(256, '(') + "baytaq.passed" + std::string(256, ')'));
  CHECK(nested.status == 0);
  fs::remove_all(dir);
}

// A bloc's P(majority) is the fraction of saved draws in which its members' seats add up to a
// majority: the house of the default scenario is fixed at 98, so the two are the same count.
TEST_CASE("a sum of seats in query counts what a bloc counts in run") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-sum-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path source = SEATSIM_SOURCE_DIR;
  const auto scenario = dir / "pair.toml";
  std::ofstream(scenario) << read_file(source / "scenarios/kz-2027.toml")
                          << "\n[report.blocs]\npair = [\"ak_zhol\", \"amanat\"]\n";
  const auto draws = dir / "run.draws";
  const int n = 2 * 4096 + 5;
  REQUIRE(run_seatsim("run " + scenario.string() + " --draws " + std::to_string(n) +
                      " --seed 5 --quiet --save-draws " + draws.string() + " --json " +
                      (dir / "r.json").string())
              .status == 0);
  const auto json = nlohmann::json::parse(read_file(dir / "r.json"));
  const double p = json["blocs"][0]["p_majority"];
  const auto count = std::llround(p * n);
  CHECK(count > 0);
  CHECK(count < n);
  const auto sum =
      run_seatsim("query " + draws.string() + " --where 'ak_zhol.seats + amanat.seats >= 50'");
  REQUIRE(sum.status == 0);
  CHECK_THAT(sum.output, Catch::StartsWith(std::to_string(count) + " of " + std::to_string(n)));
  // A sum of one term is the plain test.
  const auto alone = run_seatsim("query " + draws.string() + " --where 'amanat.seats >= 50'");
  const double amanat = json["events"][0]["p"];
  CHECK(json["events"][0]["name"] == "amanat >= 50 seats (majority)");
  CHECK_THAT(alone.output, Catch::StartsWith(std::to_string(std::llround(amanat * n)) + " of "));
  // Shares add up too: every draw has a share sum of at least 0.
  const auto share_sum =
      run_seatsim("query " + draws.string() + " --where 'amanat.share + ak_zhol.share >= 0'");
  CHECK_THAT(share_sum.output, Catch::StartsWith(std::to_string(n) + " of "));
  fs::remove_all(dir);
}
