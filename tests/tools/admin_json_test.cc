// The admin API's JSON (tools/cairnd/admin/json.h): what the strict parser accepts and
// refuses (request bodies come from the network), and round trips through dump().
#include <gtest/gtest.h>

#include <string>

#include "tools/cairnd/admin/json.h"

namespace cairn::tools {
namespace {

std::string error_of(std::string_view text) {
  auto r = Json::parse(text);
  EXPECT_FALSE(r.is_ok()) << text << " parsed";
  return r.is_ok() ? "" : r.status().message();
}

TEST(AdminJsonTest, ParsesEveryKindOfValue) {
  auto r = Json::parse(
      R"( {"s": "a\"b\\c\u00e9\ud83d\ude00", "i": -42, "big": 9007199254740993,
           "d": 2.5e3, "t": true, "f": false, "n": null, "a": [1, [], {}], "o": {"k": "v"}} )");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const Json& j = r.value();
  EXPECT_EQ(j.find("s")->as_string(), "a\"b\\c\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(j.find("i")->as_int(), -42);
  EXPECT_EQ(j.find("big")->as_int(), 9007199254740993);  // exact past 2^53
  EXPECT_FALSE(j.find("d")->is_integral());
  EXPECT_EQ(j.find("d")->as_double(), 2500.0);
  EXPECT_TRUE(j.find("t")->as_bool());
  EXPECT_FALSE(j.find("f")->as_bool());
  EXPECT_TRUE(j.find("n")->is_null());
  EXPECT_EQ(j.find("a")->as_array().size(), 3u);
  EXPECT_EQ(j.find("o")->find("k")->as_string(), "v");
  EXPECT_EQ(j.find("missing"), nullptr);
}

TEST(AdminJsonTest, RefusesWhatRfc8259Refuses) {
  EXPECT_EQ(error_of(""), "invalid JSON at offset 0: unexpected end of input");
  EXPECT_EQ(error_of("{\"a\": 1,}"), "invalid JSON at offset 8: expected a member name");
  EXPECT_EQ(error_of("[1, 2,]"), "invalid JSON at offset 6: unexpected character ']'");
  EXPECT_EQ(error_of("{'a': 1}"), "invalid JSON at offset 1: expected a member name");
  EXPECT_EQ(error_of("01"), "invalid JSON at offset 2: leading zero in a number");
  EXPECT_EQ(error_of("1."), "invalid JSON at offset 2: expected a digit after '.'");
  EXPECT_EQ(error_of("\"a\nb\""), "invalid JSON at offset 3: control character in a string");
  EXPECT_EQ(error_of("\"\\ud800\""), "invalid JSON at offset 7: unpaired high surrogate");
  EXPECT_EQ(error_of("\"\\udc00\""), "invalid JSON at offset 7: unpaired low surrogate");
  EXPECT_EQ(error_of("\"\\x\""), "invalid JSON at offset 3: bad escape '\\x'");
  EXPECT_EQ(error_of("{} {}"), "invalid JSON at offset 3: unexpected text after the JSON value");
  EXPECT_EQ(error_of("// c\n{}"), "invalid JSON at offset 0: unexpected character '/'");
  EXPECT_EQ(error_of("1e999"), "invalid JSON at offset 5: number out of range");
  EXPECT_EQ(error_of("tru"), "invalid JSON at offset 0: unexpected character 't'");
  EXPECT_EQ(error_of("\"abc"), "invalid JSON at offset 4: unterminated string");
  EXPECT_EQ(error_of(std::string(65, '[') + std::string(65, ']')),
            "invalid JSON at offset 64: nested deeper than 64");
  EXPECT_TRUE(Json::parse(std::string(64, '[') + std::string(64, ']')).is_ok());
}

TEST(AdminJsonTest, DumpEscapesAndRoundTrips) {
  Json j = Json::object({{"q", Json("say \"hi\"\n\t\x01")},
                         {"n", Json(int64_t{-7})},
                         {"d", Json(0.25)},
                         {"a", Json::array({Json(true), Json()})}});
  const std::string text = j.dump();
  EXPECT_EQ(text, R"({"q":"say \"hi\"\n\t\u0001","n":-7,"d":0.25,"a":[true,null]})");
  auto back = Json::parse(text);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->dump(), text);
}

TEST(AdminJsonTest, TypedMembersNameTheMemberOnAMismatch) {
  auto body = Json::parse(R"({"keyspace": 7, "all": "yes", "tables": ["a", 1], "ok": "x"})");
  ASSERT_TRUE(body.is_ok());
  EXPECT_EQ(get_string(*body, "keyspace").status().message(), "'keyspace' must be a string");
  EXPECT_EQ(get_bool(*body, "all").status().message(), "'all' must be true or false");
  EXPECT_EQ(get_strings(*body, "tables").status().message(),
            "'tables' must be an array of strings");
  EXPECT_EQ(get_string(*body, "ok").value(), "x");
  EXPECT_EQ(get_string(*body, "absent", "dflt").value(), "dflt");
  EXPECT_TRUE(get_strings(*body, "absent").value().empty());
}

}  // namespace
}  // namespace cairn::tools
