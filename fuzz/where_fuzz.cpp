// Fuzz target: any bytes as a `seatsim query --where` expression either parse into a condition,
// which is then evaluated on a draw, or raise an InputError; never a crash or a stack overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/report/draw_query.hpp"
#include "engine/sim/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const seatsim::report::DrawFileHeader header = [] {
    seatsim::report::DrawFileHeader h;
    h.list_seats = 10;
    h.district_seats = 5;
    h.ids = {"amanat", "not", "and_or", "x1"};
    h.kinds = {seatsim::model::OptionKind::party, seatsim::model::OptionKind::party,
               seatsim::model::OptionKind::against_all, seatsim::model::OptionKind::district_only};
    return h;
  }();
  static const seatsim::report::SavedDraw draw{.passed = 0b0101,
                                               .share = {0.5, 0.3, 0.2, 0.0},
                                               .list_seats = {6, 4, 0, 0},
                                               .district_seats = {2, 1, 0, 2}};
  try {
    const seatsim::report::DrawCondition condition(
        std::string_view(reinterpret_cast<const char*>(data), size), header);
    static_cast<void>(condition(draw));
  } catch (const seatsim::InputError&) {
  }
  return 0;
}
