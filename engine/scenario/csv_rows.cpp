#include "engine/scenario/csv_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

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

}  // namespace

std::vector<CsvRow> read_csv_rows(std::string_view text) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  std::vector<CsvRow> rows;
  std::size_t line_number = 0;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (trim(line).empty()) continue;
    rows.push_back({.line = line_number, .fields = split(line)});
  }
  return rows;
}

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

std::optional<double> parse_number(std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string read_csv_file(const std::filesystem::path& path, std::string_view what) {
  std::error_code ignored;
  if (std::filesystem::exists(path, ignored) && !std::filesystem::is_regular_file(path, ignored)) {
    throw InputError(
        {fmt::format("{}: not a regular file ({} is a CSV file)", path.string(), what)});
  }
  return read_text_file(path);
}

void CsvErrors::error(std::size_t line, std::string_view column, std::string_view problem,
                      std::string_view why) {
  errors_.push_back(fmt::format("{}:{}: {}: {} ({})", source_, line, column, problem, why));
}

void CsvErrors::throw_if_errors() {
  if (!errors_.empty()) throw InputError(std::move(errors_));
}

void CsvErrors::throw_if_errors(CsvErrors& other) {
  errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
  other.errors_.clear();
  throw_if_errors();
}

bool has_header_width(CsvErrors& errors, const CsvRow& row, const CsvRow& header) {
  if (row.fields.size() == header.fields.size()) return true;
  errors.error(row.line, "(row)", fmt::format("{} fields", row.fields.size()),
               fmt::format("the header has {}", header.fields.size()));
  return false;
}

std::vector<int> find_csv_columns(CsvErrors& errors, const CsvRow& header,
                                  const std::vector<std::string>& names,
                                  const std::vector<std::string>& required,
                                  std::string_view allowed) {
  std::vector<int> columns(names.size(), -1);
  for (std::size_t k = 0; k < header.fields.size(); ++k) {
    const std::string& name = header.fields[k];
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
      errors.error(header.line, name.empty() ? "(header)" : name, "unknown column", allowed);
    } else if (int& column = columns[static_cast<std::size_t>(found - names.begin())];
               column >= 0) {
      errors.error(header.line, name, "a second column of this name", "each column once");
    } else {
      column = static_cast<int>(k);
    }
  }
  for (const auto& name : required) {
    if (std::find(header.fields.begin(), header.fields.end(), name) == header.fields.end()) {
      errors.error(header.line, name, "missing column",
                   fmt::format("the header row is \"{}\"", fmt::join(header.fields, ",")));
    }
  }
  return columns;
}

// "48.6%" is read as the decimal 48.6e-2, so it is the same double as 0.486.
std::optional<double> CsvRowReader::share(int column, std::string_view of_what) {
  std::string text = cell(column);
  if (text.empty()) return std::nullopt;
  const bool percent = text.back() == '%';
  if (percent) text = text.substr(0, text.size() - 1) + "e-2";
  const auto value = parse_number(text);
  if (!value) {
    error(column, fmt::format("\"{}\" is not a share", cell(column)),
          "a number in [0, 1] such as 0.486, or a percentage such as 48.6%");
  } else if (*value < 0.0 || *value > 1.0) {
    error(column, fmt::format("{} is outside [0, 1]", cell(column)), of_what);
  } else {
    return value;
  }
  return std::nullopt;
}

std::optional<double> CsvRowReader::number(int column, double low, double high,
                                           std::string_view why) {
  if (cell(column).empty()) return std::nullopt;
  const auto value = parse_number(cell(column));
  if (!value || *value < low || *value > high) {
    error(column, fmt::format("\"{}\" is not a number in [{}, {}]", cell(column), low, high), why);
    return std::nullopt;
  }
  return value;
}

}  // namespace seatsim::scenario
