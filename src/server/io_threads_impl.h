#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "freshauth/server/io_threads.h"

namespace freshauth::server {

class IoThreads::Impl {
 public:
  explicit Impl(int threads);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  boost::asio::io_context& io() { return io_; }
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace freshauth::server
