#include "freshauth/sqlite/transaction.h"

namespace freshauth::sqlite {

Result<Transaction> Transaction::begin(Database& db) {
  if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) return begun.error();
  return Transaction{db};
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  if (db_ == nullptr) return Error{Errc::invalid_argument, "the transaction has ended", {}};
  auto committed = db_->exec("COMMIT");
  if (committed) db_ = nullptr;
  return committed;
}

}  // namespace freshauth::sqlite
