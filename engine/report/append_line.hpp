#pragma once
// One formatted line appended to a text report.
#include <fmt/format.h>

#include <iterator>
#include <string>
#include <utility>

namespace seatsim::report {

template <class... Args>
void append_line(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
  out += '\n';
}

}  // namespace seatsim::report
