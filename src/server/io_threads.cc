#include "freshauth/server/io_threads.h"

#include <algorithm>

#include "server/io_threads_impl.h"

namespace freshauth::server {

IoThreads::Impl::Impl(int threads) : io_(std::max(1, threads)) {
  work_.emplace(boost::asio::make_work_guard(io_));
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { io_.run(); });
}

IoThreads::Impl::~Impl() {
  work_.reset();
  io_.stop();
  for (auto& thread : threads_) thread.join();
  // What is still pending (an aborted operation's handler, say) is destroyed with io_.
}

IoThreads::IoThreads(int threads) : impl_(std::make_unique<Impl>(threads)) {}
IoThreads::~IoThreads() = default;
int IoThreads::size() const { return impl_->size(); }
IoThreads::Impl& IoThreads::impl() const { return *impl_; }

}  // namespace freshauth::server
