#include "engine/sim/draw.hpp"

#include <algorithm>
#include <cmath>

#include "engine/sim/importance.hpp"

namespace seatsim::sim {

using model::OptionKind;

BallotLayout::BallotLayout(const Scenario& scenario)
    : options(scenario.options.size()),
      party_of_option(scenario.options.size(), -1),
      share_lines(scenario.questions.share_lines),
      list_tier(scenario.list_tier.has_value() || scenario.regional_tier.has_value()),
      district_tier(scenario.district_tier.has_value()),
      regions(scenario.regional_tier ? scenario.regional_tier->weight.size() : 0),
      regional_compensation(scenario.regional_tier &&
                            !scenario.regional_tier->district_region.empty()),
      list_seats(scenario.list_seat_bound()),
      district_seats(scenario.district_seats()),
      house_size(list_seats + district_seats) {
  for (std::size_t k = 0; k < options; ++k) {
    const auto kind = scenario.options[k].kind;
    if (model::on_list_ballot(kind)) list_ballot_options.push_back(static_cast<int>(k));
    if (kind == OptionKind::party) {
      party_of_option[k] = static_cast<int>(party_options.size());
      party_options.push_back(static_cast<int>(k));
    }
    if (model::wins_seats(kind)) coalition_options.push_back(static_cast<int>(k));
  }
  if (coalition_options.size() > kMaxCoalitionParties) coalition_options.clear();
  for (const auto& bloc : scenario.questions.blocs) blocs.push_back(bloc.members);
}

rules::ElectoralSystem electoral_system(const Scenario& scenario) {
  std::optional<rules::ListRule> list = scenario.list_tier;
  // Under compensatory the list tier apportions the whole house (SystemSpec).
  if (list && scenario.composition == rules::Composition::compensatory)
    list->seats = scenario.house_size();
  return rules::ElectoralSystem(
      {.list = list,
       .district_seats = scenario.district_seats(),
       .composition = scenario.composition,
       .overhang = scenario.overhang,
       .max_house = scenario.overhang == rules::Overhang::levelling ? scenario.max_house
                                                                    : rules::kMaxLevelledHouse,
       .exemptions = scenario.exemptions,
       .thresholds = scenario.thresholds,
       .regions =
           scenario.regional_tier ? std::optional(scenario.regional_tier->rule) : std::nullopt});
}

Draw::Draw(const BallotLayout& layout_, std::size_t districts)
    : layout(&layout_),
      shares(layout_.list_ballot_options.size()),
      ballot_votes(layout_.list_ballot_options.size()),
      list_votes(layout_.party_options.size()),
      lots(layout_.party_options.size()),
      district_winners(districts),
      district_seats(layout_.options),
      party_district_seats(layout_.party_options.size()),
      admission(layout_.party_options.size()),
      list_seats(layout_.party_options.size()),
      region_shares(layout_.regions * layout_.list_ballot_options.size()),
      region_votes(layout_.regions * layout_.party_options.size()),
      region_other_valid(layout_.regions),
      region_invalid(layout_.regions),
      region_seats(layout_.regions * layout_.party_options.size()),
      region_district_seats(
          layout_.regional_compensation ? layout_.regions * layout_.party_options.size() : 0),
      party_seats(layout_.party_options.size()),
      seats(layout_.options),
      party_overhang(layout_.party_options.size()),
      next_seat(layout_.party_options.size()) {}

rules::ListBallot Draw::ballot() const {
  return {.lists = list_votes,
          .other_valid = other_valid,
          .invalid = invalid,
          .lots = lots,
          .district_seats = layout->district_tier ? std::span<const int>(party_district_seats)
                                                  : std::span<const int>()};
}

namespace {

// Invalid ballots, as votes beside the kVotesPerDraw valid ones.
// A drawn share above kMaxInvalidShare (far out in a logit-normal tail) counts as that cap.
rules::Votes invalid_votes(double invalid_share) {
  const double share = std::min(invalid_share, kMaxInvalidShare);
  return std::llround(share / (1.0 - share) * kVotesPerDraw);
}

}  // namespace

DrawGenerator::BlockStreams::BlockStreams(std::uint64_t seed, std::uint64_t block)
    : national(rng::make_stream(seed, block, rng::Purpose::national_vote)),
      district(rng::LaneStreams(rng::make_stream(seed, block, rng::Purpose::district_noise))),
      list_district(
          rng::LaneStreams(rng::make_stream(seed, block, rng::Purpose::list_district_noise))),
      regional(rng::make_stream(seed, block, rng::Purpose::regional_swing)),
      invalid(rng::make_stream(seed, block, rng::Purpose::invalid_ballots)),
      lots(rng::make_stream(seed, block, rng::Purpose::tie_lots)) {}

DrawGenerator::DrawGenerator(const Scenario& scenario, const BallotLayout& layout,
                             const rules::ElectoralSystem& system, const Tilt* tilt)
    : system_(system),
      tilt_(tilt),
      national_model_(scenario.vote),
      invalid_model_(scenario.invalid_share, scenario.invalid_sd),
      swing_(layout.list_ballot_options.size()),
      draw_(layout, static_cast<std::size_t>(scenario.district_seats())) {
  if (tilt) proposal_model_.emplace(tilt->proposal);
  if (scenario.district_tier) district_model_.emplace(*scenario.district_tier, scenario.options);
  if (scenario.regional_tier) {
    regional_model_.emplace(scenario.regional_tier->vote, scenario.options,
                            model::Contenders::list_options);
    region_weight_ = scenario.regional_tier->weight;
    district_region_ = scenario.regional_tier->district_region;
  }
  draw_.invalid = invalid_votes(scenario.invalid_share);
}

// The national shares and the votes they stand for, the invalid share and the lots. Each has its
// own stream, so that making the invalid share random, or drawing lots, never shifts the others.
void DrawGenerator::draw_vote(BlockStreams& streams, std::uint64_t index) {
  draw_.index = index;
  if (tilt_) {
    // The defensive mixture: the scenario's model with probability kDefensive, else the tilt's.
    // make_tilt accepts only the plain Dirichlet model, whose draws national_model_ gives.
    if (rng::uniform01(streams.national) < Tilt::kDefensive) {
      national_model_.draw(streams.national, draw_.shares);
    } else {
      proposal_model_->draw(streams.national, draw_.shares);
    }
    draw_.weight = tilt_->weight(draw_.shares);
  } else {
    national_model_.draw(streams.national, draw_.shares);
  }
  if (invalid_model_.random()) draw_.invalid = invalid_votes(invalid_model_.draw(streams.invalid));
  if (system_.draws_lots()) {
    for (auto& lot : draw_.lots) lot = streams.lots();
  }
  count_votes();
}

void DrawGenerator::count_votes() {
  const BallotLayout& layout = *draw_.layout;
  draw_.other_valid = 0;
  for (std::size_t j = 0; j < layout.list_ballot_options.size(); ++j) {
    // Rounded half up, as llround does for these non-negative values: the product is below 2^33,
    // so adding 0.5 is exact and the conversion truncates. llround is a library call.
    const auto votes = static_cast<rules::Votes>(draw_.shares[j] * kVotesPerDraw + 0.5);
    draw_.ballot_votes[j] = votes;
    const int party = layout.party_of_option[layout.list_ballot_options[j]];
    if (party >= 0) {
      draw_.list_votes[party] = votes;
    } else {
      draw_.other_valid += votes;
    }
  }
}

// The fused district kernel stays in the model (DistrictModel::draw): scoring and the plurality
// are one vectorised pass over the candidate grid, with no scores written out for the rules.
void DrawGenerator::draw_districts(BlockStreams& streams) {
  if (!district_model_) return;
  district_model_->draw(streams.district, streams.regional, draw_.shares, swing_,
                        draw_.district_winners, draw_.district_seats);
  const auto& parties = draw_.layout->party_options;
  for (std::size_t p = 0; p < parties.size(); ++p) {
    draw_.party_district_seats[p] = draw_.district_seats[parties[p]];
  }
  // Regional compensation: each party's district seats per list district. A winner standing for
  // no list (district_only) counts in none.
  if (district_region_.empty()) return;
  std::fill(draw_.region_district_seats.begin(), draw_.region_district_seats.end(), 0);
  const auto& party_of_option = draw_.layout->party_of_option;
  for (std::size_t j = 0; j < district_region_.size(); ++j) {
    const int party = party_of_option[static_cast<std::size_t>(draw_.district_winners[j])];
    if (party < 0) continue;
    ++draw_.region_district_seats[static_cast<std::size_t>(district_region_[j]) * parties.size() +
                                  static_cast<std::size_t>(party)];
  }
}

// Each list district's vote from the district model, as votes out of its weight of kVotesPerDraw
// (rounded as count_votes rounds); its invalid ballots are the national ones in the same weight.
void DrawGenerator::draw_regions(BlockStreams& streams) {
  if (!regional_model_) return;
  // The regional swing stays 0 in list districts (none is read), so streams.regional is untouched.
  regional_model_->draw_shares(streams.list_district, streams.regional, draw_.shares, swing_,
                               draw_.region_shares);
  const BallotLayout& layout = *draw_.layout;
  const std::size_t positions = layout.list_ballot_options.size();
  const std::size_t parties = layout.party_options.size();
  for (std::size_t d = 0; d < region_weight_.size(); ++d) {
    const double valid = region_weight_[d] * kVotesPerDraw;
    draw_.region_other_valid[d] = 0;
    draw_.region_invalid[d] =
        static_cast<rules::Votes>(static_cast<double>(draw_.invalid) * region_weight_[d] + 0.5);
    for (std::size_t j = 0; j < positions; ++j) {
      const auto votes =
          static_cast<rules::Votes>(draw_.region_shares[d * positions + j] * valid + 0.5);
      const int party = layout.party_of_option[layout.list_ballot_options[j]];
      if (party >= 0) {
        draw_.region_votes[d * parties + static_cast<std::size_t>(party)] = votes;
      } else {
        draw_.region_other_valid[d] += votes;
      }
    }
  }
}

// The seats of this draw, per option, from the electoral system; on sampled draws, the votes
// each party needs for its next list seat.
void DrawGenerator::allocate() {
  const BallotLayout& layout = *draw_.layout;
  const rules::ListBallot ballot = draw_.ballot();
  draw_.outcome =
      system_.allocate(ballot,
                       {.list_seats = draw_.list_seats,
                        .total_seats = draw_.party_seats,
                        .admission = draw_.admission,
                        .region_seats = draw_.region_seats,
                        .overhang = system_.composition() == rules::Composition::compensatory
                                        ? std::span<int>(draw_.party_overhang)
                                        : std::span<int>()},
                       draw_.regional_ballot());
  draw_.threshold_base = system_.threshold_base(ballot);
  // List districts' seats are list seats too.
  const std::size_t parties = layout.party_options.size();
  for (std::size_t d = 0; d < layout.regions; ++d) {
    for (std::size_t p = 0; p < parties; ++p)
      draw_.list_seats[p] += draw_.region_seats[d * parties + p];
  }
  // Options' seats: their district seats, and for parties their list and district seats.
  for (std::size_t k = 0; k < layout.options; ++k) draw_.seats[k] = draw_.district_seats[k];
  for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
    draw_.seats[layout.party_options[p]] = draw_.party_seats[p];
  }
  // The next seat's votes are national list votes; with list districts alone they would depend on
  // the district they are cast in, so they are not measured (docs/json-schema.md).
  draw_.next_seat_sampled = system_.list_tier() && draw_.index % kNextSeatStride == 0;
  if (draw_.next_seat_sampled) {
    for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
      draw_.next_seat[p] = system_.votes_for_next_seat(ballot, p);
    }
  }
}

}  // namespace seatsim::sim
