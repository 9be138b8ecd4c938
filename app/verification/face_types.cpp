// Names of the face verification codes and the self-wiping face template.
#include "app/verification/face_types.h"

#include <cmath>
#include <cstring>

namespace kiosk::app {

QString toString(FaceGuidance guidance)
{
    switch (guidance) {
    case FaceGuidance::Ok: return QStringLiteral("ok");
    case FaceGuidance::NoFace: return QStringLiteral("no_face");
    case FaceGuidance::MoveCloser: return QStringLiteral("move_closer");
    case FaceGuidance::TooDark: return QStringLiteral("too_dark");
    case FaceGuidance::LookAtCamera: return QStringLiteral("look_at_camera");
    case FaceGuidance::HoldStill: return QStringLiteral("hold_still");
    }
    return QStringLiteral("ok");
}

QString toString(FaceChallenge challenge)
{
    switch (challenge) {
    case FaceChallenge::None: return QStringLiteral("none");
    case FaceChallenge::TurnLeft: return QStringLiteral("turn_left");
    case FaceChallenge::TurnRight: return QStringLiteral("turn_right");
    case FaceChallenge::Nod: return QStringLiteral("nod");
    }
    return QStringLiteral("none");
}

QString toString(FaceOutcome outcome)
{
    switch (outcome) {
    case FaceOutcome::Match: return QStringLiteral("match");
    case FaceOutcome::NoMatch: return QStringLiteral("no_match");
    case FaceOutcome::NotPossible: return QStringLiteral("not_possible");
    }
    return QStringLiteral("not_possible");
}

QString toString(FaceReason reason)
{
    switch (reason) {
    case FaceReason::Matched: return QStringLiteral("matched");
    case FaceReason::Different: return QStringLiteral("different");
    case FaceReason::ChallengeFailed: return QStringLiteral("challenge_failed");
    case FaceReason::TimedOut: return QStringLiteral("timed_out");
    case FaceReason::NoFace: return QStringLiteral("no_face");
    case FaceReason::ReferenceUnusable: return QStringLiteral("reference_unusable");
    case FaceReason::EngineUnavailable: return QStringLiteral("engine_unavailable");
    case FaceReason::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("cancelled");
}

void secureZero(void *data, size_t size)
{
    if (!data || size == 0)
        return;
    // A volatile function pointer keeps the optimiser from removing a memset of memory about to be freed.
    static void *(*const volatile zero)(void *, int, size_t) = std::memset;
    zero(data, 0, size);
}

namespace {

void deleteZeroed(std::vector<float> *values)
{
    secureZero(values->data(), values->size() * sizeof(float));
    delete values;
}

} // namespace

FaceTemplate::FaceTemplate(std::vector<float> values) : data_(new std::vector<float>(std::move(values)), &deleteZeroed)
{}

void FaceTemplate::wipe()
{
    if (data_)
        secureZero(data_->data(), data_->size() * sizeof(float));
    data_.reset();
}

bool FaceTemplate::isZero() const
{
    if (!data_)
        return true;
    for (float v : *data_) {
        if (v != 0.0f)
            return false;
    }
    return true;
}

double FaceTemplate::cosine(const FaceTemplate &a, const FaceTemplate &b)
{
    if (a.isEmpty() || b.isEmpty() || a.size() != b.size())
        return 0;
    double dot = 0, na = 0, nb = 0;
    const float *pa = a.data();
    const float *pb = b.data();
    for (int i = 0; i < a.size(); ++i) {
        dot += double(pa[i]) * pb[i];
        na += double(pa[i]) * pa[i];
        nb += double(pb[i]) * pb[i];
    }
    if (na <= 0 || nb <= 0)
        return 0;
    return dot / (std::sqrt(na) * std::sqrt(nb));
}

} // namespace kiosk::app
