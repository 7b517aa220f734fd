// libbpf reports through one process-wide print callback. Each operation
// opens a LibbpfLog on its own thread; what libbpf prints meanwhile (warnings
// and the verifier log it prints on a failed load) is collected there, so
// that an error can carry libbpf's own words.
#pragma once
#include <string>

class LibbpfLog {
 public:
  LibbpfLog();
  ~LibbpfLog();
  LibbpfLog(const LibbpfLog&) = delete;
  LibbpfLog& operator=(const LibbpfLog&) = delete;

  const std::string& text() const { return text_; }
  void append(const std::string& s) { text_ += s; }

  // Installs the print callback; called once when the addon loads.
  static void install();

 private:
  friend struct LibbpfLogAccess;
  std::string text_;
  LibbpfLog* outer_;
};
