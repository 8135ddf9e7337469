#pragma once

#include <memory>

namespace freshauth::server {

/// Threads that run asynchronous I/O, for an HttpServer and an UpstreamClient to share
/// (HttpServerOptions::io, UpstreamClientOptions::io). Sharing them keeps a proxied request on
/// one thread from its arrival to its answer: no hand-off between two pools and no wake-up of
/// another thread per request, which on a busy core costs more than the proxying itself.
/// Destroy it after everything that runs on it, and never from one of its own threads.
class IoThreads {
 public:
  explicit IoThreads(int threads = 1);  ///< at least one; they start at once
  ~IoThreads();                         ///< stops the threads and joins them
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;

  int size() const;

  class Impl;
  /// The server layer's handle on the threads (its I/O context); opaque elsewhere.
  Impl& impl() const;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth::server
