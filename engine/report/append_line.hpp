#pragma once
// One formatted line appended to a text report, and counts worded as reports print them.
#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace seatsim::report {

template <class... Args>
void append_line(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
  out += '\n';
}

// A count and its noun, singular for exactly one: "1 seat", "0 seats", "2 district seats".
template <class Count>
std::string counted(Count n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace seatsim::report
