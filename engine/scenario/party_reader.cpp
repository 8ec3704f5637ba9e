#include <fmt/format.h>
#include <cctype>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/rules/limits.hpp"
#include "engine/scenario/sections.hpp"

namespace seatsim::scenario {
namespace {

using model::OptionKind;

}  // namespace

bool is_identifier(std::string_view id) {
  if (id.empty() || id.size() > rules::kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<OptionEntry> read_parties(TomlReader& r, const toml::table& root,
                                      const toml::table& as_written) {
  std::vector<OptionEntry> entries;
  const auto* parties = r.table(root, "", "parties", Presence::required);
  if (!parties) return entries;
  if (parties->size() > static_cast<std::size_t>(rules::kMaxOptions)) {
    r.error(*parties, "parties", fmt::format("{} options", parties->size()),
            fmt::format("at most {} ballot options are supported", rules::kMaxOptions));
    return entries;
  }
  std::set<std::string> names;
  for (const auto& [key, node] : *parties) {
    const std::string path = join_path("parties", key.str());
    if (!is_identifier(key.str())) {
      r.error(key.source(), path, "invalid id",
              fmt::format("ids are 1 to {} characters of a-z, 0-9 and _", rules::kMaxIdLength));
    }
    const auto* table = node.as_table();
    if (!table) {
      r.wrong_type(node, path, "a table");
      continue;
    }
    r.check_keys(
        *table, path,
        {"name", "kind", "share", "district_share", "colour", "threshold_exempt", "threshold"});
    OptionEntry entry;
    entry.source = key.source();
    entry.option.id = std::string(key.str());
    entry.option.name =
        r.string(*table, path, "name", Presence::required).value_or(entry.option.id);
    entry.option.kind =
        r.choice<OptionKind>(*table, path, "kind", Presence::optional).value_or(OptionKind::party);
    entry.option.colour = r.string(*table, path, "colour", Presence::optional).value_or("");
    const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (table->contains("colour") &&
        !(entry.option.colour.size() == 7 && entry.option.colour[0] == '#' &&
          std::all_of(entry.option.colour.begin() + 1, entry.option.colour.end(), hex))) {
      r.error(*table->get("colour"), join_path(path, "colour"),
              fmt::format("\"{}\" is not a colour", entry.option.colour),
              "write it \"#rrggbb\", six hexadecimal digits, e.g. \"#1f77b4\"");
    }
    if (!names.insert(entry.option.name).second) {
      r.error(*table->get("name"), join_path(path, "name"),
              fmt::format("duplicate name \"{}\"", entry.option.name),
              "each option needs its own name");
    }
    if (model::on_list_ballot(entry.option.kind)) {
      if (table->contains("district_share")) {
        r.error(*table->get("district_share"), join_path(path, "district_share"),
                "not allowed for this kind",
                "only district_only options take a district_share; use share");
      }
      entry.share = r.bounded(*table, path, "share", Presence::required, 0.0, 1.0,
                              "a share is a fraction of the valid vote");
      if (const auto* share = table->get("share"))
        entry.share_overridden = is_override(share->source());
      const auto written = as_written["parties"][key.str()]["share"].value<double>();
      entry.written_share = written && *written > 0.0 ? *written : entry.share.value_or(0.0);
    } else {
      if (table->contains("share")) {
        r.error(*table->get("share"), join_path(path, "share"), "not allowed for this kind",
                "a district_only option has no national list share; use district_share");
      }
      entry.district_share = r.bounded(*table, path, "district_share", Presence::required, 0.0, 1.0,
                                       "a share is a fraction of a district's vote")
                                 .value_or(0.0);
    }
    if (r.boolean(*table, path, "threshold_exempt", Presence::optional).value_or(false))
      entry.threshold_exempt = table->get("threshold_exempt");
    entry.threshold =
        r.bounded(*table, path, "threshold", Presence::optional, 0.0, 1.0,
                  "a list's own threshold is a share of the list tier's base", UpperEnd::open);
    if (entry.threshold) entry.threshold_node = table->get("threshold");
    entries.push_back(std::move(entry));
  }
  // toml++ tables are sorted by key; the ballot (registration) order is the order in the file.
  std::stable_sort(entries.begin(), entries.end(), [](const OptionEntry& a, const OptionEntry& b) {
    return a.source.begin.line < b.source.begin.line;
  });
  if (parties->empty()) {
    r.error(*parties, "parties", "no ballot options", "a scenario needs at least one party");
  }
  return entries;
}

void read_prior_mean(TomlReader& r, const toml::table& root, sim::Scenario& s,
                     const std::vector<OptionEntry>& entries) {
  // A share set with --set is kept, and the shares not set scale to fill the rest of the vote, so
  // that "--set parties.baytaq.share=0.04" means Baytaq at 4% with the others in proportion.
  double fixed = 0.0;
  double free = 0.0;
  bool complete = true;
  for (const auto& e : entries) {
    if (!model::on_list_ballot(e.option.kind)) continue;
    if (!e.share) {
      complete = false;  // already reported
    } else if (*e.share <= 0.0) {
      complete = false;
      r.error(e.source, join_path("parties", e.option.id) + ".share", "must be above 0",
              "the Dirichlet model needs every list-ballot share to be positive");
    } else {
      (e.share_overridden ? fixed : free) += *e.share;
    }
  }
  if (fixed > 0.0 && complete && (fixed >= 1.0 || free <= 0.0)) {
    r.error(*root.get("parties"), "parties.*.share",
            fmt::format("the shares set with --set sum to {}", fixed),
            "they must leave room for the shares not set");
    complete = false;
  }
  const double scale = fixed > 0.0 && free > 0.0 ? (1.0 - fixed) / free : 1.0;
  double sum = 0.0;
  for (const auto& e : entries) {
    if (!model::on_list_ballot(e.option.kind)) continue;
    const double share = e.share.value_or(0.0) * (e.share_overridden ? 1.0 : scale);
    s.vote.mean.push_back(share);
    sum += share;
  }
  if (s.vote.mean.empty()) {
    // With no options at all, [parties] has already been reported; say nothing that follows.
    if (!entries.empty()) {
      r.error(root, "parties", "no list-ballot options", "the vote model needs at least one share");
    }
  } else if (complete && std::abs(sum - 1.0) > kShareSumTolerance) {
    r.error(*root.get("parties"), "parties.*.share", fmt::format("shares sum to {:.6g}", sum),
            fmt::format("the list-ballot shares must sum to 1 within {}", kShareSumTolerance));
  } else if (complete) {
    for (double& m : s.vote.mean) m /= sum;
  }
}

std::optional<std::size_t> find_option(TomlReader& r, const std::vector<OptionEntry>& entries,
                                       const toml::key& id, const std::string& path) {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const OptionEntry& e) { return e.option.id == id.str(); });
  if (it == entries.end()) {
    r.error(id.source(), path, "unknown party", "every key must be an id declared under [parties]");
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - entries.begin());
}

std::vector<std::optional<double>> per_list_option(TomlReader& r, const toml::table& values,
                                                   std::string_view path,
                                                   const std::vector<OptionEntry>& entries,
                                                   double low, double high, std::string_view why) {
  std::vector<std::optional<double>> out;
  std::vector<std::size_t> position(entries.size(), entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (model::on_list_ballot(entries[k].option.kind)) {
      position[k] = out.size();
      out.emplace_back();
    }
  }
  for (const auto& [id, node] : values) {
    // A named copy: clang 14 does not let a lambda capture a structured binding.
    const std::string_view name = id.str();
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const OptionEntry& e) { return e.option.id == name; });
    if (it == entries.end() || !model::on_list_ballot(it->option.kind)) {
      r.error(id.source(), join_path(path, id.str()), "not a list-ballot option",
              "every key must be the id of a party or against_all option under [parties]");
      continue;
    }
    out[position[static_cast<std::size_t>(it - entries.begin())]] =
        r.bounded(values, path, id.str(), Presence::required, low, high, why);
  }
  return out;
}

}  // namespace seatsim::scenario
