#include "engine/scenario/writer.hpp"

#include <fmt/format.h>

namespace seatsim::scenario {
namespace {

// TOML basic strings: quotes, backslashes and control characters escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Shortest form that reads back as the same double.
std::string number(double x) {
  return fmt::format("{}", x);
}

// A table of list-ballot option ids and values, skipping zeros.
std::string per_list_option(const sim::Scenario& s, const std::vector<double>& values) {
  std::string cells;
  std::size_t j = 0;
  for (const auto& option : s.options) {
    if (!model::on_list_ballot(option.kind)) continue;
    const double value = values[j++];
    if (value != 0.0) {
      cells += fmt::format("{}{} = {}", cells.empty() ? "" : ", ", option.id, number(value));
    }
  }
  return fmt::format("{{ {} }}", cells);
}

std::string polls_toml(const sim::Scenario& s) {
  if (!s.polls) return "";
  const auto& spec = s.polls->spec;
  std::string out = fmt::format(
      "\n[polls]\nhalf_life_days = {}\nsample_cap = {}\ndesign_effect = {}\nprior_n = {}\n",
      number(spec.half_life_days), number(spec.sample_cap), number(spec.design_effect),
      number(spec.prior_n));
  if (spec.house_effects == model::HouseEffects::given) {
    out += "\n[polls.house_effects]\n";
    for (const auto& effect : spec.given_effects) {
      out += fmt::format("{} = {}\n", quoted(effect.pollster), per_list_option(s, effect.shift));
    }
  } else {
    out += fmt::format("house_effects = \"{}\"\n", model::to_string(spec.house_effects));
  }
  for (const auto& poll : spec.polls) {
    std::string cells;
    std::size_t j = 0;
    for (const auto& option : s.options) {
      if (!model::on_list_ballot(option.kind)) continue;
      if (const auto& share = poll.shares[j++]) {
        cells += fmt::format("{}{} = {}", cells.empty() ? "" : ", ", option.id, number(*share));
      }
    }
    out += fmt::format(
        "\n[[polls.poll]]\npollster = {}\nfieldwork_start = {}\nfieldwork_end = {}\n"
        "sample_size = {}\nundecided = {}\nshares = {{ {} }}\n",
        quoted(poll.pollster), model::iso_date(poll.fieldwork_start),
        model::iso_date(poll.fieldwork_end), number(poll.sample_size), number(poll.undecided),
        cells);
  }
  return out;
}

std::string model_toml(const sim::Scenario& s) {
  const auto& vote = s.vote;
  std::string out = fmt::format("\n[model]\ntype = \"{}\"\n", model::to_string(vote.kind));
  if (s.n_eff_source == sim::NeffSource::polls) {
    out += "n_eff = \"polls\"\n";
  } else if (vote.kind != model::DrawModel::fixed) {
    out += fmt::format("n_eff = {}\n", number(vote.n_eff));
  }
  out += fmt::format("invalid_share = {}\ninvalid_sd = {}\n", number(s.invalid_share),
                     number(s.invalid_sd));
  if (model::logistic(vote.kind)) {
    if (!vote.error_sd.empty()) {
      out += fmt::format("error_sd = {}\n", per_list_option(s, vote.error_sd));
    }
    out += fmt::format("error_correlation = {}\ndrift_sd = {}\n", number(vote.error_correlation),
                       number(vote.drift_sd));
    if (!s.forecast_date.empty()) out += fmt::format("forecast_date = {}\n", s.forecast_date);
  }
  if (vote.kind == model::DrawModel::student_t) out += fmt::format("df = {}\n", number(vote.df));
  out += fmt::format("undecided_split = \"{}\"\n", model::to_string(vote.undecided_split));
  if (vote.undecided_split == model::UndecidedSplit::dirichlet) {
    out += fmt::format("undecided_concentration = {}\n", number(vote.undecided_concentration));
  }
  return out;
}

// The shares written for the list-ballot options: with polls the file's shares are the prior, and
// the mean is computed from them again.
const std::vector<double>& written_shares(const sim::Scenario& s) {
  return s.polls ? s.polls->spec.prior : s.vote.mean;
}

// Per option, the factor that moves a district baseline from the shares it holds at (the reference,
// the file's shares before any --set) to the shares written. A list option's score is baseline x
// national / reference, so baseline x written / reference read back at the written shares gives the
// same score; a district-only option's is its baseline alone (factor 1).
std::vector<double> baseline_rescale(const sim::Scenario& s, const model::DistrictTierSpec& tier) {
  std::vector<double> rescale(s.options.size(), 1.0);
  const auto& written = written_shares(s);
  const auto& reference = tier.reference_mean;
  double written_total = 0.0;
  for (const double share : written) written_total += share;
  for (std::size_t k = 0, j = 0; k < s.options.size(); ++k) {
    if (!model::on_list_ballot(s.options[k].kind)) continue;
    rescale[k] = written[j] / written_total / reference[j];
    ++j;
  }
  return rescale;
}

// A share or divisor held in parts per billion, as the number a scenario writes.
std::string ppb_number(std::int64_t ppb) {
  return number(static_cast<double>(ppb) / rules::kPartsPerBillion);
}

// A district's baseline line. Multipliers give relative scores that may exceed 1; only their
// ratios within a district matter, so they are written as shares of the district's total.
std::string baseline_toml(const sim::Scenario& s, const model::DistrictSpec& d,
                          const std::vector<double>& rescale) {
  double total = 0.0;
  for (std::size_t k = 0; k < s.options.size(); ++k) total += d.baseline[k] * rescale[k];
  std::string cells;
  for (std::size_t k = 0; k < s.options.size(); ++k) {
    if (d.baseline[k] <= 0.0) continue;
    cells += fmt::format("{}{} = {}", cells.empty() ? "" : ", ", s.options[k].id,
                         number(d.baseline[k] * rescale[k] / total));
  }
  return fmt::format("baseline = {{ {} }}\n", cells);
}

// [tiers.regions] and its districts, each with its seats, valid votes (its weight, written as the
// weight in parts per billion: only ratios matter) and baseline.
std::string regions_toml(const sim::Scenario& s) {
  const auto& tier = *s.regional_tier;
  const auto& rule = tier.rule.list;
  std::string out = fmt::format(
      "\n[tiers.regions]\nmethod = \"{}\"\nthreshold = {}\nthreshold_base = \"{}\"\n"
      "threshold_scope = \"{}\"\nties = \"{}\"\nnoise = {}\n",
      rules::to_string(rule.method), ppb_number(rule.threshold.parts_per_billion),
      rules::to_string(rule.threshold.base), rules::to_string(tier.rule.scope),
      rules::to_string(rule.ties), number(tier.vote.noise_sd));
  if (rule.method == rules::Method::modified_sainte_lague)
    out += fmt::format("first_divisor = {}\n", ppb_number(rule.first_divisor_ppb));
  if (rule.method == rules::Method::droop)
    out += fmt::format("quota_rounding = \"{}\"\n", rules::to_string(rule.droop));
  const std::vector<double> rescale = baseline_rescale(s, tier.vote);
  for (std::size_t d = 0; d < tier.weight.size(); ++d) {
    out += fmt::format("\n[[tiers.regions.region]]\nname = {}\nseats = {}\nvalid_votes = {}\n",
                       quoted(tier.vote.districts[d].name), tier.rule.seats[d],
                       std::max<std::int64_t>(1, std::llround(tier.weight[d] * 1e9)));
    out += baseline_toml(s, tier.vote.districts[d], rescale);
  }
  return out;
}

}  // namespace

std::string to_toml(const sim::Scenario& s) {
  std::string out = fmt::format("# Normalised from {}\n\n[election]\nname = {}\ndate = {}\n",
                                s.source, quoted(s.election.name), s.election.date);
  std::size_t list_position = 0;
  std::size_t party_position = 0;
  for (std::size_t k = 0; k < s.options.size(); ++k) {
    const auto& option = s.options[k];
    out += fmt::format("\n[parties.{}]\nname = {}\nkind = \"{}\"\n", option.id, quoted(option.name),
                       model::to_string(option.kind));
    if (!option.colour.empty()) out += fmt::format("colour = {}\n", quoted(option.colour));
    if (model::on_list_ballot(option.kind)) {
      out += fmt::format("share = {}\n", number(written_shares(s)[list_position++]));
      if (option.kind == model::OptionKind::party) {
        if (!s.exemptions.empty() && s.exemptions[party_position] == rules::Exemption::exempt)
          out += "threshold_exempt = true\n";
        if (!s.thresholds.empty())
          out += fmt::format("threshold = {}\n", ppb_number(s.thresholds[party_position]));
        ++party_position;
      }
    } else {
      // Every district below lists its baseline, so this default is not used; it is the mean.
      double sum = 0.0;
      for (const auto& d : s.district_tier->districts) sum += d.baseline[k];
      out += fmt::format("district_share = {}\n",
                         number(sum / static_cast<double>(s.district_tier->districts.size())));
    }
  }
  out += polls_toml(s);
  out += model_toml(s);
  if (s.composition == rules::Composition::compensatory) {
    // Regional compensation (list districts alone) has no overhang to write.
    out += fmt::format("\n[tiers]\nmixed = \"{}\"\n", rules::to_string(s.composition));
    if (s.list_tier) out += fmt::format("overhang = \"{}\"\n", rules::to_string(s.overhang));
    if (s.max_house > 0) out += fmt::format("max_house = {}\n", s.max_house);
  }
  if (s.list_tier) {
    const auto& t = *s.list_tier;
    out += fmt::format(
        "\n[tiers.list]\nseats = {}\nmethod = \"{}\"\nthreshold = {}\nthreshold_base = \"{}\"\n"
        "ties = \"{}\"\nmin_admitted = {}\n",
        t.seats, rules::to_string(t.method), ppb_number(t.threshold.parts_per_billion),
        rules::to_string(t.threshold.base), rules::to_string(t.ties), t.min_admitted);
    if (t.waiver_district_seats > 0) out += fmt::format("waiver = {}\n", t.waiver_district_seats);
    if (t.method == rules::Method::modified_sainte_lague)
      out += fmt::format("first_divisor = {}\n", ppb_number(t.first_divisor_ppb));
    if (t.method == rules::Method::droop)
      out += fmt::format("quota_rounding = \"{}\"\n", rules::to_string(t.droop));
    if (t.bonus.seats > 0) {
      out += fmt::format("\n[tiers.bonus]\nseats = {}\nfrom = {}\nstep = {}\nmax_seats = {}\n",
                         t.bonus.seats, ppb_number(t.bonus.from_ppb), ppb_number(t.bonus.step_ppb),
                         t.bonus.max_seats);
    }
  }
  if (s.district_tier) {
    out += fmt::format("\n[tiers.districts]\nnoise = {}\nregional_swing = {}\n",
                       number(s.district_tier->noise_sd), number(s.district_tier->region_sd));
    const std::vector<double> rescale = baseline_rescale(s, *s.district_tier);
    for (const auto& d : s.district_tier->districts) {
      out += fmt::format("\n[[tiers.districts.district]]\nname = {}\n", quoted(d.name));
      if (!d.region.empty()) out += fmt::format("region = {}\n", quoted(d.region));
      out += baseline_toml(s, d, rescale);
      std::string strengths;
      for (std::size_t k = 0; k < d.strength.size(); ++k) {
        if (d.strength[k] == 0.0) continue;
        strengths += fmt::format("{}{} = {}", strengths.empty() ? "" : ", ", s.options[k].id,
                                 number(d.strength[k]));
      }
      if (!strengths.empty()) out += fmt::format("strength = {{ {} }}\n", strengths);
    }
  }
  if (s.regional_tier) out += regions_toml(s);
  out += "\n[report]\nshare_lines = [";
  for (std::size_t i = 0; i < s.questions.share_lines.size(); ++i) {
    out += fmt::format("{}{}", i ? ", " : "", number(s.questions.share_lines[i]));
  }
  out += "]\n\n[report.majority_lines]\n";
  for (const auto& line : s.questions.majority_lines) {
    out += fmt::format("{} = {}\n", line.name, line.seats);
  }
  if (!s.questions.blocs.empty()) {
    out += "\n[report.blocs]\n";
    for (const auto& bloc : s.questions.blocs) {
      std::string members;
      for (const int k : bloc.members) {
        if (!members.empty()) members += ", ";
        members += quoted(s.options[static_cast<std::size_t>(k)].id);
      }
      out += fmt::format("{} = [{}]\n", bloc.name, members);
    }
  }
  if (!s.sweep.empty()) {
    out += "\n[sweep]\nvary = [";
    for (std::size_t i = 0; i < s.sweep.size(); ++i) {
      out += fmt::format("{}{}", i ? ", " : "", quoted(s.sweep[i].spec));
    }
    out += "]\n";
  }
  return out;
}

}  // namespace seatsim::scenario
