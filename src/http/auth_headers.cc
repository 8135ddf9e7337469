#include "freshauth/http/auth_headers.h"

namespace freshauth {

AuthHeaders AuthHeaders::from(const SessionSnapshot& session) {
  return {"Bearer " + session.access_token(), session.partner_id(), session.generation()};
}

void AuthHeaders::apply_to(HttpHeaders& headers) const& { AuthHeaders{*this}.apply_to(headers); }

void AuthHeaders::apply_to(HttpHeaders& headers) && {
  headers.set(std::string{kAuthorizationHeader}, std::move(authorization));
  if (partner_id.empty()) {
    headers.remove(kPartnerIdHeader);
  } else {
    headers.set(std::string{kPartnerIdHeader}, std::move(partner_id));
  }
}

HttpHeaders AuthHeaders::as_headers() const {
  HttpHeaders headers;
  apply_to(headers);
  return headers;
}

}  // namespace freshauth
