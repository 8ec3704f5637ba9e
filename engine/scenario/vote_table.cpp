#include "engine/scenario/vote_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

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
};

}  // namespace

VoteTable read_vote_table(std::string_view text, std::string_view source,
                          std::string_view district_column) {
  TableReader r(source);
  const std::vector<CsvRow> rows = read_csv_rows(text);
  if (rows.empty()) {
    r.error(1, "(header)", "the file is empty", "a header row naming party and votes is required");
    r.throw_if_errors();
  }

  // Named, not a structured binding: the lambda below captures them, which clang 14 cannot do.
  const std::size_t header_line = rows.front().line;
  const std::vector<std::string>& header = rows.front().fields;
  auto column = [&](std::string_view name) -> int {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it != header.end()) return static_cast<int>(it - header.begin());
    r.error(header_line, name, "missing column",
            fmt::format("the header row is \"{}\"", fmt::join(header, ",")));
    return -1;
  };
  const int party = column("party");
  const int votes = column("votes");
  const int districts = district_column.empty() ? -1 : column(district_column);
  r.throw_if_errors();

  VoteTable table;
  std::set<std::string> names;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto& [line, fields] = rows[k];
    if (fields.size() != header.size()) {
      r.error(line, "(row)", fmt::format("{} fields", fields.size()),
              fmt::format("the header has {}", header.size()));
      continue;
    }
    const std::string& name = fields[party];
    if (name.empty()) r.error(line, "party", "empty name", "every row names its party");
    if (!is_utf8(name)) {
      r.error(line, "party", "not valid UTF-8", "save the file as UTF-8");
    }
    if (!names.insert(name).second) {
      r.error(line, "party", fmt::format("duplicate party \"{}\"", name), "each party has one row");
    }
    table.parties.push_back(name);
    table.votes.push_back(
        r.count(line, "votes", fields[votes], "votes", rules::kMaxVotes).value_or(0));
    if (districts >= 0) {
      table.district_seats.push_back(static_cast<int>(
          r.count(line, district_column, fields[districts], "district seats", rules::kMaxSeats)
              .value_or(0)));
    }
  }
  if (table.parties.empty()) {
    r.error(header_line, "(rows)", "no parties", "give one row per party after the header");
  } else if (table.parties.size() > static_cast<std::size_t>(rules::kMaxOptions)) {
    r.error(rows[1].line, "(rows)", fmt::format("{} parties", table.parties.size()),
            fmt::format("at most {} are supported", rules::kMaxOptions));
  }
  r.throw_if_errors();
  return table;
}

VoteTable read_vote_table_file(const std::filesystem::path& path,
                               std::string_view district_column) {
  return read_vote_table(read_text_file(path), path.string(), district_column);
}

}  // namespace seatsim::scenario
