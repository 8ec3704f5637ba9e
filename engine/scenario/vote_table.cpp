#include "engine/scenario/vote_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <sstream>

#include "engine/rules/limits.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Well-formed UTF-8 (RFC 3629, section 4): no overlong forms, surrogates or code points above
// U+10FFFF. Names are printed and written to JSON, which must be UTF-8.
bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p++;
    if (c < 0x80) continue;
    int more = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    for (int k = 0; k < more; ++k, low = 0x80, high = 0xBF) {
      if (p == end || *p < low || *p > high) return false;
      ++p;
    }
  }
  return true;
}

// Splits one CSV line; a field may be double-quoted, with "" standing for a quote inside it.
std::vector<std::string> split(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  for (auto& f : fields) f = std::string(trim(f));
  return fields;
}

class TableReader {
 public:
  explicit TableReader(std::string_view source) : source_(source) {}

  void error(std::size_t line, std::string_view column, std::string_view problem,
             std::string_view why) {
    errors_.push_back(fmt::format("{}:{}: {}: {} ({})", source_, line, column, problem, why));
  }
  void throw_if_errors() {
    if (!errors_.empty()) throw InputError(std::move(errors_));
  }

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

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

}  // namespace

VoteTable read_vote_table(std::string_view text, std::string_view source,
                          std::string_view district_column) {
  TableReader r(source);
  // Excel saves "CSV UTF-8" with a byte-order mark (U+FEFF) first; it is no part of the header.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  std::size_t line_number = 0;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (trim(line).empty()) continue;
    rows.emplace_back(line_number, split(line));
  }
  if (rows.empty()) {
    r.error(1, "(header)", "the file is empty", "a header row naming party and votes is required");
    r.throw_if_errors();
  }

  // Named, not a structured binding: the lambda below captures them, which clang 14 cannot do.
  const std::size_t header_line = rows.front().first;
  const std::vector<std::string>& header = rows.front().second;
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
    r.error(rows[1].first, "(rows)", fmt::format("{} parties", table.parties.size()),
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
