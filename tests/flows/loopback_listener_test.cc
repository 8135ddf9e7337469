#include "flows/loopback_listener.h"

#include <gtest/gtest.h>

#include "flows/idp_login_driver.h"

namespace freshauth::detail {
namespace {

using testing::browse;

TEST(LoopbackListenerTest, TakesTheFirstCallbackOnly) {
  auto listener = LoopbackListener::start("127.0.0.1", 0, "s-1");
  ASSERT_TRUE(listener.ok()) << listener.error().describe();
  const std::string uri = (*listener)->redirect_uri();
  EXPECT_TRUE(uri.starts_with("http://127.0.0.1:")) << uri;
  EXPECT_TRUE(uri.ends_with("/callback")) << uri;
  EXPECT_FALSE((*listener)->arrived().stop_requested());
  EXPECT_FALSE((*listener)->outcome());

  EXPECT_EQ(browse(uri.substr(0, uri.size() - 9) + "/favicon.ico").status, 404);
  EXPECT_FALSE((*listener)->arrived().stop_requested()) << "only /callback counts";

  const auto page = browse(uri + "?code=C-1&state=s-1");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE((*listener)->arrived().stop_requested());
  auto outcome = (*listener)->outcome();
  ASSERT_TRUE(outcome && outcome->ok());
  EXPECT_EQ(outcome->value(), "C-1");

  const auto again = browse(uri + "?code=C-2&state=s-1");
  EXPECT_NE(again.body.find("already"), std::string::npos);
  EXPECT_EQ((*listener)->outcome()->value(), "C-1");
}

TEST(LoopbackListenerTest, LocalhostIsNamedInTheUriAndServedOnIpv4) {
  auto listener = LoopbackListener::start("localhost", 0, "s-1");
  ASSERT_TRUE(listener.ok()) << listener.error().describe();
  const std::string uri = (*listener)->redirect_uri();
  ASSERT_TRUE(uri.starts_with("http://localhost:")) << uri;
  const std::string on_ipv4 = "http://127.0.0.1:" + uri.substr(17);
  EXPECT_EQ(browse(on_ipv4 + "?code=C&state=s-1").status, 200);
  EXPECT_TRUE((*listener)->arrived().stop_requested());
}

TEST(LoopbackListenerTest, ABusyPortIsAClearError) {
  auto first = LoopbackListener::start("127.0.0.1", 0, "s");
  ASSERT_TRUE(first.ok());
  const std::string uri = (*first)->redirect_uri();
  const auto port = static_cast<std::uint16_t>(std::stoi(uri.substr(17, uri.find('/', 17) - 17)));
  auto second = LoopbackListener::start("127.0.0.1", port, "s");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, Errc::invalid_argument);
  EXPECT_NE(second.error().message.find(std::to_string(port)), std::string::npos);
}

}  // namespace
}  // namespace freshauth::detail
