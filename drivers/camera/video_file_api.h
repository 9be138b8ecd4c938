/* The C interface of libkiosk_video_file.so, the video-file decoder a FileFrameSource loads when it plays a video
 * file or an image sequence (the demo and the tests use them in place of cameras). It is a module of its own so that
 * OpenCV's videoio and the ~150 libraries behind it (FFmpeg, GStreamer) are not loaded by the kiosk at start, nor
 * shipped in the production package: the module comes with kiosk-demo. A C interface, so that no C++ object crosses
 * the module boundary. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kiosk_video kiosk_video;

/* Opens `path_utf8`: a video file, or with image_sequence set a printf-style sequence ("frames/%04d.png").
 * Null when it cannot be opened or decoded. */
kiosk_video *kiosk_video_open(const char *path_utf8, int image_sequence);

/* What the container says: frames per second (0 when unknown), frame size, frame count (0 when unknown). */
void kiosk_video_info(const kiosk_video *video, double *fps, int *width, int *height, long long *frames);

/* Decodes the next frame as 8-bit RGB. 1: a frame, whose pixels stay valid until the next call on this video;
 * 0: the end of the stream; -1: a decoding error. */
int kiosk_video_read(kiosk_video *video, const unsigned char **rgb, int *width, int *height, int *stride);

void kiosk_video_close(kiosk_video *video);

#ifdef __cplusplus
}
#endif
