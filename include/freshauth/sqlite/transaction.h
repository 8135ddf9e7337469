#pragma once

#include "freshauth/core/error.h"
#include "freshauth/sqlite/database.h"

namespace freshauth::sqlite {

/// BEGIN IMMEDIATE (the write lock is taken at the start, so a transaction never fails half-way
/// for another writer) to COMMIT; rolled back when destroyed uncommitted. The caller holds the
/// database's mutex for the transaction's lifetime.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  ~Transaction();
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Result<void> commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}

  Database* db_;
};

}  // namespace freshauth::sqlite
