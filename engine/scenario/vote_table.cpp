#include "engine/scenario/vote_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "engine/rules/limits.hpp"
#include "engine/scenario/csv_rows.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

class TableReader : public CsvErrors {
 public:
  using CsvErrors::CsvErrors;

  // A whole number in [0, limit], or nothing after reporting why not.
  std::optional<rules::Votes> count(std::size_t line, std::string_view column,
                                    std::string_view text, std::string_view what,
                                    rules::Votes limit) {
    rules::Votes value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      error(line, column, fmt::format("\"{}\" is not a whole number", text),
            fmt::format("{} are whole counts", what));
      return std::nullopt;
    }
    if (value < 0 || value > limit) {
      error(line, column, fmt::format("{} is outside [0, {}]", value, limit),
            fmt::format("{} are counts from 0 to {}", what, limit));
      return std::nullopt;
    }
    return value;
  }

  // A name cell: not empty, and UTF-8 (names are printed and written to JSON).
  void name(std::size_t line, std::string_view column, const std::string& text,
            std::string_view what) {
    if (text.empty())
      error(line, column, "empty name", fmt::format("every row names its {}", what));
    if (!is_utf8(text)) error(line, column, "not valid UTF-8", "save the file as UTF-8");
  }
};

// One row of a votes CSV.
struct VoteRow {
  std::size_t line = 0;
  std::string region;  // empty without a region column
  std::string party;
  rules::Votes votes = 0;
  int district_seats = 0;
};

// The header row's index of `name`, or -1 after reporting it missing.
int find_column(TableReader& r, const CsvRow& header, std::string_view name) {
  const auto it = std::find(header.fields.begin(), header.fields.end(), name);
  if (it != header.fields.end()) return static_cast<int>(it - header.fields.begin());
  r.error(header.line, name, "missing column",
          fmt::format("the header row is \"{}\"", fmt::join(header.fields, ",")));
  return -1;
}

// The rows of a votes CSV after its header, each checked; a party appears once, or once per list
// district with a region column. Other columns are not read.
std::vector<VoteRow> read_vote_rows(TableReader& r, std::string_view text,
                                    RegionalColumns columns) {
  const std::vector<CsvRow> rows = read_csv_rows(text);
  if (rows.empty()) {
    r.error(1, "(header)", "the file is empty", "a header row naming party and votes is required");
    r.throw_if_errors();
  }
  const CsvRow& header = rows.front();
  const int party = find_column(r, header, "party");
  const int votes = find_column(r, header, "votes");
  const int region = columns.region.empty() ? -1 : find_column(r, header, columns.region);
  const int districts =
      columns.district_seats.empty() ? -1 : find_column(r, header, columns.district_seats);
  r.throw_if_errors();

  std::vector<VoteRow> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (!has_header_width(r, rows[k], header)) continue;
    const auto& [line, fields] = rows[k];
    VoteRow row{.line = line, .region = {}, .party = fields[party]};
    r.name(line, "party", row.party, "party");
    if (region >= 0) {
      row.region = fields[region];
      r.name(line, columns.region, row.region, "list district");
    }
    if (!seen.emplace(row.region, row.party).second) {
      r.error(line, "party",
              region < 0 ? fmt::format("duplicate party \"{}\"", row.party)
                         : fmt::format("duplicate party \"{}\" in \"{}\"", row.party, row.region),
              region < 0 ? "each party has one row" : "each party has one row per list district");
    }
    row.votes = r.count(line, "votes", fields[votes], "votes", rules::kMaxVotes).value_or(0);
    if (districts >= 0) {
      row.district_seats = static_cast<int>(r.count(line, columns.district_seats, fields[districts],
                                                    "district seats", rules::kMaxSeats)
                                                .value_or(0));
    }
    out.push_back(std::move(row));
  }
  if (out.empty()) {
    r.error(header.line, "(rows)", "no parties", "give one row per party after the header");
  }
  return out;
}

void check_party_count(TableReader& r, std::size_t parties, std::size_t line) {
  if (parties > static_cast<std::size_t>(rules::kMaxOptions)) {
    r.error(line, "(rows)", fmt::format("{} parties", parties),
            fmt::format("at most {} are supported", rules::kMaxOptions));
  }
}

// One row of a list districts' sizes CSV.
struct RegionSize {
  std::size_t line = 0;
  std::string name;
  int seats = 0;
  rules::Votes other_valid = 0;
  rules::Votes invalid = 0;
};

// Adds `value` to `sum`, reporting (once) a sum beyond `limit`: every total the rules see stays
// within the single counts' limits, so that no product they form can overflow.
template <class Count>
void add_within(TableReader& r, std::size_t line, std::string_view column, Count& sum, Count value,
                Count limit, std::string_view what) {
  if (sum <= limit && sum + value > limit) {
    r.error(line, column, fmt::format("{} reach {}", what, sum + value),
            fmt::format("at most {} in all, so that totals cannot overflow", limit));
  }
  sum += value;
}

std::vector<RegionSize> read_sizes(TableReader& r, std::string_view text) {
  const std::vector<CsvRow> rows = read_csv_rows(text);
  if (rows.empty()) {
    r.error(1, "(header)", "the file is empty", "a header row naming region and seats is required");
    r.throw_if_errors();
  }
  const CsvRow& header = rows.front();
  const std::vector<int> column =
      find_csv_columns(r, header, {"region", "seats", "other_valid", "invalid"},
                       {"region", "seats"}, "the columns are region, seats, other_valid, invalid");
  r.throw_if_errors();
  std::vector<RegionSize> out;
  std::set<std::string> seen;
  std::int64_t total = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (!has_header_width(r, rows[k], header)) continue;
    // Named members, not a structured binding: clang 14 refuses a lambda that captures one.
    const std::size_t line = rows[k].line;
    const std::vector<std::string>& fields = rows[k].fields;
    // other_valid and invalid may be left out, or left empty: none.
    const auto optional = [&](int c) -> std::string_view {
      return c < 0 || fields[c].empty() ? std::string_view("0") : std::string_view(fields[c]);
    };
    RegionSize size{.line = line, .name = fields[column[0]]};
    r.name(line, "region", size.name, "list district");
    if (!seen.insert(size.name).second) {
      r.error(line, "region", fmt::format("duplicate list district \"{}\"", size.name),
              "each list district has one row");
    }
    size.seats = static_cast<int>(
        r.count(line, "seats", fields[column[1]], "seats", rules::kMaxSeats).value_or(1));
    if (size.seats == 0) {
      r.error(line, "seats", "0 seats", "a list district elects at least one member");
    }
    size.other_valid =
        r.count(line, "other_valid", optional(column[2]), "votes", rules::kMaxVotes).value_or(0);
    size.invalid =
        r.count(line, "invalid", optional(column[3]), "ballots", rules::kMaxVotes).value_or(0);
    add_within(r, line, "seats", total, std::int64_t{size.seats}, std::int64_t{rules::kMaxSeats},
               "the list districts' seats");
    out.push_back(std::move(size));
  }
  if (out.empty()) {
    r.error(header.line, "(rows)", "no list districts", "give one row per list district");
  } else if (out.size() > static_cast<std::size_t>(rules::kMaxDistricts)) {
    r.error(out.front().line, "(rows)", fmt::format("{} list districts", out.size()),
            fmt::format("at most {} are supported", rules::kMaxDistricts));
  }
  return out;
}

}  // namespace

VoteTable read_vote_table(std::string_view text, std::string_view source,
                          std::string_view district_column) {
  TableReader r(source);
  const std::vector<VoteRow> rows =
      read_vote_rows(r, text, {.region = {}, .district_seats = district_column});
  VoteTable table;
  for (const VoteRow& row : rows) {
    table.parties.push_back(row.party);
    table.votes.push_back(row.votes);
    if (!district_column.empty()) table.district_seats.push_back(row.district_seats);
  }
  if (!rows.empty()) check_party_count(r, rows.size(), rows.front().line);
  r.throw_if_errors();
  return table;
}

VoteTable read_vote_table_file(const std::filesystem::path& path,
                               std::string_view district_column) {
  return read_vote_table(read_text_file(path), path.string(), district_column);
}

RegionalVoteTable read_regional_vote_table(CsvText votes, CsvText sizes, RegionalColumns columns) {
  TableReader s(sizes.source);
  TableReader r(votes.source);
  const std::vector<RegionSize> regions = read_sizes(s, sizes.text);
  const std::vector<VoteRow> rows = read_vote_rows(r, votes.text, columns);
  RegionalVoteTable table;
  std::map<std::string, std::size_t, std::less<>> region_index;
  for (const RegionSize& region : regions) {
    region_index.emplace(region.name, table.regions.size());
    table.regions.push_back(region.name);
    table.seats.push_back(region.seats);
    table.other_valid.push_back(region.other_valid);
    table.invalid.push_back(region.invalid);
  }
  // Parties in order of first appearance; each row's (region, party) cell.
  std::map<std::string, std::size_t, std::less<>> party_index;
  std::vector<std::pair<std::size_t, std::size_t>> cells;
  std::vector<bool> has_rows(regions.size(), false);
  for (const VoteRow& row : rows) {
    const auto region = region_index.find(row.region);
    if (region == region_index.end()) {
      r.error(row.line, columns.region, fmt::format("list district \"{}\" has no size", row.region),
              fmt::format("give it a row in {}", sizes.source));
      continue;
    }
    const auto [party, added] = party_index.emplace(row.party, table.parties.size());
    if (added) table.parties.push_back(row.party);
    cells.emplace_back(region->second, party->second);
    has_rows[region->second] = true;
  }
  for (std::size_t d = 0; d < regions.size(); ++d) {
    if (!has_rows[d]) {
      s.error(regions[d].line, "region", fmt::format("no rows in {}", votes.source),
              fmt::format("every list district needs its lists' votes, each a row naming it in "
                          "column {}",
                          columns.region));
    }
  }
  if (!rows.empty()) check_party_count(r, table.parties.size(), rows.front().line);
  s.throw_if_errors(r);

  const std::size_t n = table.parties.size();
  const bool with_districts = !columns.district_seats.empty();
  table.votes.assign(regions.size() * n, 0);
  table.party_votes.assign(n, 0);
  if (with_districts) {
    table.district_seats.assign(regions.size() * n, 0);
    table.party_district_seats.assign(n, 0);
  }
  std::int64_t house = 0;
  for (const int seats : table.seats) house += seats;
  // Every row has its cell now: a row without a district's size was an error.
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const VoteRow& row = rows[k];
    const auto [d, i] = cells[k];
    table.votes[d * n + i] = row.votes;
    add_within(r, row.line, "votes", table.party_votes[i], row.votes, rules::kMaxVotes,
               fmt::format("\"{}\"'s votes over the list districts", row.party));
    if (with_districts) {
      table.district_seats[d * n + i] = row.district_seats;
      table.party_district_seats[i] += row.district_seats;
      add_within(r, row.line, columns.district_seats, house, std::int64_t{row.district_seats},
                 std::int64_t{rules::kMaxSeats}, "the list districts' and the district seats");
    }
  }
  rules::Votes other_valid = 0;
  rules::Votes invalid = 0;
  for (const RegionSize& region : regions) {
    add_within(s, region.line, "other_valid", other_valid, region.other_valid, rules::kMaxVotes,
               "the other valid votes over the list districts");
    add_within(s, region.line, "invalid", invalid, region.invalid, rules::kMaxVotes,
               "the invalid ballots over the list districts");
  }
  s.throw_if_errors(r);
  return table;
}

RegionalVoteTable read_regional_vote_table_files(const std::filesystem::path& votes,
                                                 const std::filesystem::path& sizes,
                                                 RegionalColumns columns) {
  const std::string votes_source = votes.string();
  const std::string sizes_source = sizes.string();
  return read_regional_vote_table({.text = read_text_file(votes), .source = votes_source},
                                  {.text = read_text_file(sizes), .source = sizes_source}, columns);
}

}  // namespace seatsim::scenario
