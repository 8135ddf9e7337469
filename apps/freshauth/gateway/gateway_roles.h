#pragma once

#include "common/command_context.h"
#include "freshauth/gateway/bff_gateway.h"
#include "freshauth/gateway/sidecar_gateway.h"
#include "gateway/gateway_options.h"

// Each role's options from the command line, except where to listen, the routes and the log,
// which the command sets for both. Flag mistakes are invalid_argument naming the flag, checked
// before anything goes on the network (discovery, for the BFF; the provider's, for the sidecar).
namespace freshauth::cli {

// The browser-facing BFF: --issuer (discovered), --client-id, --client-secret-env,
// --redirect-uri, --allowed-origin, --session-db with --key-file, the timeouts.
Result<gateway::BffOptions> bff_options(const GatewayOptions& options,
                                        const CommandContext& context);

// The service-facing sidecar: the provider as `freshauth login` makes it from the same settings,
// --username with --password-env and/or --refresh-token-env, --partner-id.
Result<gateway::SidecarOptions> sidecar_options(const GatewayOptions& options,
                                                const CommandContext& context);

}  // namespace freshauth::cli
