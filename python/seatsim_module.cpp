// The seatsim Python module: a thin pybind11 layer over the library calls the CLI makes, so that a
// result from Python is the CLI's result. run() is `seatsim run --json` (scenario::load_file,
// sim::run, sim::summarize, report::to_json), allocate() is the list and mixed rules that
// `seatsim allocate` calls, and read_draws() reads a --save-draws file with report::DrawFileReader.
// Input errors raise seatsim.InputError (a ValueError) carrying the CLI's messages.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/report/draw_file.hpp"
#include "engine/report/json_report.hpp"
#include "engine/rules/electoral_system.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/enum_names.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/input_error.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace py = pybind11;

namespace seatsim::python {
namespace {

// The JSON value as Python objects: objects become dicts (in the JSON's key order), arrays lists,
// and numbers keep their JSON type, so json.dumps of the result reads like the CLI's --json.
py::object to_python(const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : value.items()) out[py::str(key)] = to_python(item);
      return out;
    }
    case nlohmann::json::value_t::array: {
      py::list out;
      for (const auto& item : value) out.append(to_python(item));
      return out;
    }
    case nlohmann::json::value_t::string: return py::str(value.get<std::string>());
    case nlohmann::json::value_t::boolean: return py::bool_(value.get<bool>());
    case nlohmann::json::value_t::number_integer: return py::int_(value.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: return py::int_(value.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float: return py::float_(value.get<double>());
    default: return py::none();
  }
}

// A --set value as the CLI would be given it: text as it is, True/False as TOML booleans, numbers
// in Python's shortest round-trip form.
std::string override_text(const py::handle& value) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  return py::repr(value).cast<std::string>();
}

py::object run(const std::string& scenario_path, std::uint64_t draws, std::uint64_t seed,
               int threads, const py::dict& set) {
  std::vector<std::string> overrides;
  for (const auto& [key, value] : set) {
    overrides.push_back(py::str(key).cast<std::string>() + "=" + override_text(value));
  }
  if (draws < 1 || draws > sim::kMaxDraws) {
    throw py::value_error("draws must be from 1 to " + std::to_string(sim::kMaxDraws));
  }
  if (threads < 0 || threads > 1024) throw py::value_error("threads must be from 0 to 1024");
  const sim::RunOptions options{.draws = draws, .seed = seed, .threads = threads};
  nlohmann::ordered_json result;
  {
    // Drawing takes the time, and touches no Python object.
    const py::gil_scoped_release unlocked;
    const sim::Scenario scenario = scenario::load_file_or_default(scenario_path, overrides);
    const sim::RunResult run = sim::run(scenario, options);
    result = report::to_json(scenario, sim::summarize(scenario, run.tally), options, run);
  }
  return to_python(result);
}

// The value of Enum that `name` spells; a ValueError listing the names when it spells none.
template <class Enum>
Enum parsed(const char* argument, const std::string& name) {
  const auto value = scenario::parse_name<Enum>(name);
  if (!value) {
    throw py::value_error(std::string(argument) + ": \"" + name +
                          "\" is not recognised (expected one of " +
                          scenario::names<Enum>(scenario::Quoting::plain) + ")");
  }
  return *value;
}

py::dict allocate(const std::vector<rules::Votes>& votes, int seats, const std::string& method,
                  double threshold, const std::string& threshold_base, rules::Votes against_all,
                  rules::Votes invalid, const std::optional<std::vector<int>>& district_seats,
                  const std::optional<std::string>& mixed, const std::string& overhang,
                  int waiver) {
  const std::size_t n = votes.size();
  if (n < 1 || n > static_cast<std::size_t>(rules::kMaxOptions)) {
    throw py::value_error("votes: give from 1 to " + std::to_string(rules::kMaxOptions) + " lists");
  }
  for (const rules::Votes count : votes) {
    if (count < 0 || count > rules::kMaxVotes) {
      throw py::value_error("votes: each count must be from 0 to 2^40");
    }
  }
  for (const rules::Votes count : {against_all, invalid}) {
    if (count < 0 || count > rules::kMaxVotes) {
      throw py::value_error("against_all and invalid must be from 0 to 2^40");
    }
  }
  if (seats < 1 || seats > rules::kMaxSeats) {
    throw py::value_error("seats must be from 1 to " + std::to_string(rules::kMaxSeats));
  }
  if (!(threshold >= 0.0 && threshold < 1.0)) {
    throw py::value_error("threshold is a share of the vote in [0, 1): 0.05 for 5%");
  }
  if (district_seats && district_seats->size() != n) {
    throw py::value_error("district_seats: give one count per list");
  }
  if (district_seats) {
    for (const int count : *district_seats) {
      if (count < 0 || count > rules::kMaxSeats) {
        throw py::value_error("district_seats: each count must be from 0 to " +
                              std::to_string(rules::kMaxSeats));
      }
    }
  }
  if ((mixed || waiver > 0) && !district_seats) {
    throw py::value_error("mixed and waiver need district_seats");
  }
  if (waiver < 0) throw py::value_error("waiver is a count of district seats, at least 0");

  const std::vector<int> districts = district_seats.value_or(std::vector<int>(n, 0));
  int total_district_seats = 0;
  if (mixed) {
    for (const int count : districts) total_district_seats += count;
  }
  const rules::ElectoralSystem system(
      {.list = rules::ListRule{.seats = seats,
                               .method = parsed<rules::Method>("method", method),
                               .threshold = {rules::to_parts_per_billion(threshold),
                                             parsed<rules::ThresholdBase>("threshold_base",
                                                                          threshold_base)},
                               .waiver_district_seats = waiver},
       .district_seats = total_district_seats,
       .composition =
           mixed ? parsed<rules::Composition>("mixed", *mixed) : rules::Composition::parallel,
       .overhang = parsed<rules::Overhang>("overhang", overhang),
       .exemptions = {}});
  const rules::ListBallot ballot{
      .lists = votes, .other_valid = against_all, .invalid = invalid, .district_seats = districts};
  std::vector<int> list_seats(n);
  std::vector<int> total_seats(n);
  std::vector<rules::Admission> admission(n);
  const rules::MixedOutcome outcome = system.allocate(
      ballot, {.list_seats = list_seats, .total_seats = total_seats, .admission = admission});
  // Whether each list took part in the allocation (passed, or admitted by a rule); the CLI's table
  // names the rule, which this keeps out of a second name table.
  std::vector<bool> admitted;
  for (const auto a : admission) admitted.push_back(a != rules::Admission::excluded);
  py::dict out;
  out["seats"] = total_seats;
  out["list_seats"] = list_seats;
  out["admitted"] = admitted;
  out["total"] = outcome.house;
  out["overhang"] = outcome.overhang;
  out["levelling"] = outcome.levelling;
  out["tie_decided"] = outcome.list.tie_decided;
  out["unfilled"] = outcome.list.unfilled;
  out["levelling_capped"] = outcome.levelling_capped;
  return out;
}

// Every saved draw as one row of a NumPy structured array, with the fields `seatsim query` names:
// ID.share (float32, as stored), ID.passed (bool), ID.list_seats and ID.district_seats (uint16),
// for each option ID in ballot order. Packed, so a row is laid out field after field.
py::array read_draws(const std::string& path) {
  constexpr std::size_t kFieldBytes = 4 + 1 + 2 + 2;
  std::vector<unsigned char> rows;
  std::vector<std::string> ids;
  {
    const py::gil_scoped_release unlocked;
    report::DrawFileReader reader(path);
    ids = reader.header().ids;
    std::vector<unsigned char> row(ids.size() * kFieldBytes);
    reader.for_each([&](const report::SavedDraw& draw) {
      unsigned char* at = row.data();
      for (std::size_t i = 0; i < ids.size(); ++i, at += kFieldBytes) {
        const auto share = static_cast<float>(draw.share[i]);
        const bool passed = (draw.passed >> i) & 1U;
        const auto list = static_cast<std::uint16_t>(draw.list_seats[i]);
        const auto district = static_cast<std::uint16_t>(draw.district_seats[i]);
        std::memcpy(at, &share, 4);
        std::memcpy(at + 4, &passed, 1);
        std::memcpy(at + 5, &list, 2);
        std::memcpy(at + 7, &district, 2);
      }
      rows.insert(rows.end(), row.begin(), row.end());
    });
  }
  py::list fields;
  for (const auto& id : ids) {
    fields.append(py::make_tuple(id + ".share", "<f4"));
    fields.append(py::make_tuple(id + ".passed", "?"));
    fields.append(py::make_tuple(id + ".list_seats", "<u2"));
    fields.append(py::make_tuple(id + ".district_seats", "<u2"));
  }
  const py::dtype dtype = py::module_::import("numpy").attr("dtype")(fields);
  const std::size_t row_size = ids.size() * kFieldBytes;
  const std::vector<py::ssize_t> shape{
      static_cast<py::ssize_t>(row_size > 0 ? rows.size() / row_size : 0)};
  py::array out(dtype, shape);
  if (!rows.empty()) std::memcpy(out.mutable_data(), rows.data(), rows.size());
  return out;
}

}  // namespace
}  // namespace seatsim::python

PYBIND11_MODULE(seatsim, module) {
  using namespace seatsim::python;
  module.doc() = "seatsim: exact Monte Carlo election simulation (the seatsim library from Python)";
  static py::exception<seatsim::InputError> input_error(module, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const seatsim::InputError& e) {
      std::string text;
      for (const auto& message : e.messages()) text += (text.empty() ? "" : "\n") + message;
      PyErr_SetString(input_error.ptr(), text.c_str());
    }
  });
  module.def("run", &run, py::arg("scenario") = "", py::kw_only(), py::arg("draws") = 1'000'000,
             py::arg("seed") = 1, py::arg("threads") = 0, py::arg("set") = py::dict(),
             "Simulate a scenario file (\"\": the built-in default) as `seatsim run --json` does "
             "and return that result as dicts and lists. `set` maps keys to values like --set.");
  module.def(
      "allocate", &allocate, py::arg("votes"), py::arg("seats"), py::kw_only(),
      py::arg("method") = "hare", py::arg("threshold") = 0.0, py::arg("threshold_base") = "valid",
      py::arg("against_all") = 0, py::arg("invalid") = 0, py::arg("district_seats") = py::none(),
      py::arg("mixed") = py::none(), py::arg("overhang") = "grow-house", py::arg("waiver") = 0,
      "Allocate seats once from vote counts (lists in registration order), as "
      "`seatsim allocate` does; returns seats, list_seats and admitted (bool) per list.");
  module.def("read_draws", &read_draws, py::arg("path"),
             "Read a --save-draws file as a NumPy structured array, one row per draw "
             "(pandas.DataFrame(array) makes a data frame).");
}
