// libkiosk_video_file.so: video_file_api.h over OpenCV's VideoCapture (FFmpeg backend, or the image-sequence reader).
#include "drivers/camera/video_file_api.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <exception>

struct kiosk_video {
    cv::VideoCapture capture;
    cv::Mat decoded;
    cv::Mat rgb; // the pixels handed out, reused by the next read
};

extern "C" {

kiosk_video *kiosk_video_open(const char *path_utf8, int image_sequence)
{
    if (!path_utf8)
        return nullptr;
    try {
        auto *video = new kiosk_video;
        if (!video->capture.open(path_utf8, image_sequence ? cv::CAP_IMAGES : cv::CAP_FFMPEG)) {
            delete video;
            return nullptr;
        }
        return video;
    } catch (const std::exception &) {
        return nullptr; // OpenCV reports some unreadable files by throwing
    }
}

void kiosk_video_info(const kiosk_video *video, double *fps, int *width, int *height, long long *frames)
{
    if (!video)
        return;
    auto &capture = const_cast<cv::VideoCapture &>(video->capture); // get() is not const in OpenCV 4.6
    if (fps)
        *fps = capture.get(cv::CAP_PROP_FPS);
    if (width)
        *width = int(capture.get(cv::CAP_PROP_FRAME_WIDTH));
    if (height)
        *height = int(capture.get(cv::CAP_PROP_FRAME_HEIGHT));
    if (frames)
        *frames = (long long)capture.get(cv::CAP_PROP_FRAME_COUNT);
}

int kiosk_video_read(kiosk_video *video, const unsigned char **rgb, int *width, int *height, int *stride)
{
    if (!video || !rgb || !width || !height || !stride)
        return -1;
    try {
        if (!video->capture.read(video->decoded) || video->decoded.empty())
            return 0;
        switch (video->decoded.channels()) {
        case 1: cv::cvtColor(video->decoded, video->rgb, cv::COLOR_GRAY2RGB); break;
        case 4: cv::cvtColor(video->decoded, video->rgb, cv::COLOR_BGRA2RGB); break;
        default: cv::cvtColor(video->decoded, video->rgb, cv::COLOR_BGR2RGB); break;
        }
        if (video->rgb.depth() != CV_8U)
            video->rgb.convertTo(video->rgb, CV_8U, video->rgb.depth() == CV_16U ? 1.0 / 256 : 1.0);
        *rgb = video->rgb.data;
        *width = video->rgb.cols;
        *height = video->rgb.rows;
        *stride = int(video->rgb.step);
        return 1;
    } catch (const std::exception &) {
        return -1;
    }
}

void kiosk_video_close(kiosk_video *video)
{
    if (!video)
        return;
    video->capture.release();
    delete video;
}

} // extern "C"
