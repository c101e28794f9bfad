// Frames through a pipe: the camera of a rig whose "camera" is another
// program on the same machine (the lock double, rig/lockdouble, rendering
// the simulated lock face in real time), read from a FIFO or from a file
// that keeps growing. The format is deliberately trivial so that any
// program can produce it:
//
//   a 32-byte header, in the machine's byte order
//     0  8 bytes  magic "LRFRAME1"
//     8  uint32   width  (pixels)
//    12  uint32   height (pixels)
//    16  int64    captured: CLOCK_MONOTONIC nanoseconds at the frame's
//                 exposure (writer and bench share the machine's clock)
//    24  uint64   frame index (gaps: frames the writer dropped)
//   then width * height * 3 bytes of 8-bit BGR, rows top to bottom, no
//   padding.
//
// The reader stamps each frame with its header's `captured`, not with its
// arrival, and resynchronises on the magic if it joins a stream mid-frame
// (a FIFO whose previous reader left while a frame was half written). A
// frame of another size than the rig file's is an error (the camera is
// lost), never silently rescaled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "rig/hardware/frame_source.h"

namespace lockrig::hardware {

inline constexpr char kFrameMagic[8] = {'L', 'R', 'F', 'R', 'A', 'M', 'E', '1'};
inline constexpr std::size_t kFrameHeaderBytes = 32;

struct FrameHeader {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::int64_t captured_ns = 0;
  std::uint64_t index = 0;

  std::size_t PixelBytes() const { return std::size_t{width} * height * 3; }
};

// The 32 bytes of `header`, magic included.
void EncodeFrameHeader(const FrameHeader& header, unsigned char (&out)[kFrameHeaderBytes]);
// The header in `bytes` (which start with the magic; not checked here).
FrameHeader DecodeFrameHeader(const unsigned char (&bytes)[kFrameHeaderBytes]);

struct PipeCameraSettings {
  std::string path;  // a FIFO or a regular file that grows
  int width = 640;   // what every frame must be
  int height = 480;
};

// A Grabber for CaptureThreadCamera. Open() fails if `path` does not exist
// (the writer makes the FIFO); on a regular file it starts at the last
// whole frame, so a bench joining a long recording sees the present. Read
// waits for the writer as long as it takes (a writer that has not started,
// or has gone, is the lost-camera watchdog's business), until the camera is
// stopped (Interrupt).
std::unique_ptr<Grabber> MakePipeGrabber(PipeCameraSettings settings);

}  // namespace lockrig::hardware
