#pragma once
// Overrides: values set on the command line (--set KEY=VALUE), applied to the parsed document
// before it is read, so that an override is checked exactly like the file, and located by the
// override itself in messages.
#include <toml++/toml.h>
#include <string>
#include <string_view>

namespace seatsim::scenario {

// Sets one value, KEY=VALUE with KEY a dotted path such as parties.baytaq.share or
// tiers.districts.district[3].name. VALUE is TOML (0.07, "text", [0.05, 0.07]); a bare word that is
// not TOML is taken as a string, so tiers.list.method=hare needs no quotes. Throws InputError
// naming the override if it cannot be applied.
void apply_override(toml::table& root, std::string_view assignment);

// Sets the number at the dotted KEY to `value`, as a typed value (no text in between), located in
// messages as "--set KEY=VALUE". Returns that location; the value node itself carries none (toml++
// lets only its parser set a node's source), so the reader is told it with locate().
std::string apply_override(toml::table& root, std::string_view key, double value);

}  // namespace seatsim::scenario
