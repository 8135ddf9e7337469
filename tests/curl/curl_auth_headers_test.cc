#include "freshauth/curl/curl_auth_headers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
