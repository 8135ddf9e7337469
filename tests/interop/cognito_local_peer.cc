#include "interop/cognito_local_peer.h"

namespace freshauth::testing {

CognitoLocalPeer::CognitoLocalPeer(const std::filesystem::path& source_dir,
                                   std::chrono::seconds token_lifetime,
                                   const std::vector<std::string>& launcher)
    : node_({(source_dir / "tests/interop/cognito_local_server.mjs").string(),
             (source_dir / "node_modules/cognito-local").string(),
             "--token-seconds=" + std::to_string(token_lifetime.count())},
            launcher) {}

}  // namespace freshauth::testing
