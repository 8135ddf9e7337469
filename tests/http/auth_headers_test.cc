#include "freshauth/http/auth_headers.h"

#include <gtest/gtest.h>

#include "freshauth/http/curl_auth_headers.h"

namespace freshauth {
namespace {

SessionSnapshot make_session() {
  Session session;
  session.access_token = "access-1";
  session.refresh_token = "refresh-secret";
  session.partner_id = "partner-7";
  session.generation = 3;
  return SessionSnapshot(std::make_shared<const Session>(std::move(session)));
}

std::vector<std::string> lines(const curl_slist* list) {
  std::vector<std::string> out;
  for (; list != nullptr; list = list->next) out.emplace_back(list->data);
  return out;
}

TEST(AuthHeadersTest, TakesTokenPartnerAndGenerationFromOneSession) {
  const AuthHeaders auth = AuthHeaders::from(make_session());
  EXPECT_EQ(auth.authorization, "Bearer access-1");
  EXPECT_EQ(auth.partner_id, "partner-7");
  EXPECT_EQ(auth.generation, 3U);
}

TEST(AuthHeadersTest, ApplyReplacesWhatTheCallerSet) {
  HttpHeaders headers{{"authorization", "Bearer forged"}, {"Accept", "application/json"}};
  AuthHeaders::from(make_session()).apply_to(headers);
  EXPECT_EQ(headers.find("Authorization"), "Bearer access-1");
  EXPECT_EQ(headers.find("x-preferred-partner-id"), "partner-7");
  EXPECT_EQ(headers.size(), 3U);
}

TEST(AuthHeadersTest, NeverCarriesTheRefreshToken) {
  const HttpHeaders headers = AuthHeaders::from(make_session()).as_headers();
  for (const auto& [name, value] : headers.fields()) {
    EXPECT_EQ(value.find("refresh-secret"), std::string::npos) << name;
  }
}

TEST(CurlAuthHeadersTest, BuildsOneListWithExtraHeadersFirst) {
  CurlHeaderList extra{curl_slist_append(nullptr, "Accept: application/json")};
  const CurlHeaderList list =
      make_curl_header_list(AuthHeaders::from(make_session()), std::move(extra));
  EXPECT_EQ(lines(list.get()),
            (std::vector<std::string>{"Accept: application/json", "Authorization: Bearer access-1",
                                      "X-Preferred-Partner-Id: partner-7"}));
}

TEST(CurlAuthHeadersTest, AppliesToAnEasyHandle) {
  CURL* curl = curl_easy_init();
  ASSERT_NE(curl, nullptr);
  const CurlHeaderList list = apply_auth_headers(curl, AuthHeaders::from(make_session()));
  EXPECT_EQ(lines(list.get()).size(), 2U);
  curl_easy_cleanup(curl);
}

}  // namespace
}  // namespace freshauth
