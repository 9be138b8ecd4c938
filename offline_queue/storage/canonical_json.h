// Canonical JSON (RFC 8785, reduced to what envelopes, audit records and signed reports hold) and the text helpers
// that go with it. Part of kiosk_storage: the project's storage and crypto library, below the outbox and sync.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace kiosk::queue {

inline constexpr qint64 kMaxSafeInteger = 9007199254740991; // 2^53 - 1

// UTF-8, no whitespace, members sorted by their UTF-16 code units, strings escaped minimally (quote, backslash and
// control characters with RFC 8785's escapes; '/' and non-ASCII as they are). Numbers must be integers within
// +-(2^53-1); a fraction, a larger integer or an unpaired surrogate is rejected: the result is empty and `error` says
// why. Booleans and null are written as JCS writes them (the payload holds nulls).
QByteArray canonicalJson(const QJsonObject &object, QString *error = nullptr);

// Standard base64 with padding (RFC 4648 section 4).
QByteArray toBase64(const QByteArray &bytes);
// Strict decoding: only the canonical standard alphabet with correct padding is accepted.
bool fromBase64Strict(const QString &text, QByteArray *out);

QString sha256Hex(const QByteArray &bytes); // lowercase hex
bool isLowerHexSha256(const QString &text);
bool isUuidV4(const QString &text); // lowercase, without braces, version 4, RFC 4122 variant

// Formats a kiosk timestamp: RFC 3339, seconds, with the +08:00 offset of Asia/Shanghai.
QString formatCreatedAt(const QDateTime &when);

} // namespace kiosk::queue
