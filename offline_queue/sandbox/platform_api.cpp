// The endpoints of platform-api.md as the sandbox platform answers them, with the checks in the contract's order:
// headers, kiosk identity, idempotency, envelope signature and seal, blobs, then one transaction for the case.
#include "offline_queue/sandbox/sandbox.h"

#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/sandbox_util.h"
#include "offline_queue/signed_json.h"
#include "offline_queue/storage/crypto_util.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <cmath>

#include <openssl/crypto.h>

namespace kiosk::sandbox {

Q_LOGGING_CATEGORY(lcApi, "kiosk.sandbox.api")

using queue::StoreError;

namespace {

constexpr qint64 kMaxBlobBytes = 32 * kMiB;
const QString kSubmissions = QStringLiteral("submissions");
const QString kEvaluations = QStringLiteral("evaluations");

HttpResponse problem(int status, const char *type, const QString &detail, const QJsonObject &extra = {})
{
    return HttpResponse::problem(status, QLatin1String(type), detail, extra);
}

bool isSafeInteger(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::isfinite(d) && std::trunc(d) == d && d >= double(min) && d <= double(max);
}

HttpResponse storedAnswer(int status, const QByteArray &answer)
{
    HttpResponse r;
    r.status = status;
    r.body = answer;
    r.setHeader("Content-Type", "application/json");
    return r;
}

struct StoredAnswer {
    QString bodySha256;
    int status = 0;
    QByteArray answer;
};

std::optional<StoredAnswer> lookupIdempotency(SandboxDb &db, const QString &kioskId, const QString &endpoint,
                                              const QString &key, StoreError *error)
{
    const auto row = db.queryOne(
        "SELECT body_sha256, status, answer FROM idempotency WHERE kiosk_id = ? AND endpoint = ? AND key = ?",
        {kioskId, endpoint, key}, "tib", error);
    if (!row)
        return std::nullopt;
    return StoredAnswer{row->value(0).toString(), int(row->value(1).toLongLong()), row->value(2).toByteArray()};
}

// The stored answer (200) for an identical body, 409 for a different one; nullopt when the key is new.
std::optional<HttpResponse> replayOrConflict(SandboxDb &db, const QString &kioskId, const QString &endpoint,
                                             const QString &key, const QByteArray &body)
{
    StoreError err;
    const std::optional<StoredAnswer> stored = lookupIdempotency(db, kioskId, endpoint, key, &err);
    if (!err.isOk())
        return storeFailure(err);
    if (!stored)
        return std::nullopt;
    if (stored->bodySha256 != queue::sha256Hex(body))
        return problem(409, "idempotency-conflict",
                       QStringLiteral("Idempotency-Key %1 was already used by this kiosk with a different body; a "
                                      "request is never changed between retries")
                           .arg(key));
    if (endpoint == kSubmissions)
        db.exec("UPDATE submissions SET replays = replays + 1 WHERE id = ?", {key});
    return storedAnswer(200, stored->answer);
}

StoreError storeIdempotency(SandboxDb &db, const QString &kioskId, const QString &endpoint, const QString &key,
                            const QByteArray &body, int status, const QByteArray &answer, const QString &now)
{
    return db.exec("INSERT INTO idempotency (kiosk_id, endpoint, key, body_sha256, status, answer, stored_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {kioskId, endpoint, key, queue::sha256Hex(body), status, answer, now});
}

// Entity tags of If-None-Match, compared weakly (RFC 9110 13.1.2).
bool noneMatch(const QByteArray &header, const QByteArray &etag)
{
    for (QByteArray tag : header.split(',')) {
        tag = tag.trimmed();
        if (tag == "*")
            return true;
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == etag)
            return true;
    }
    return false;
}

HttpResponse openErrorAnswer(const queue::OpenError &e)
{
    switch (e.code) {
    case queue::OpenErrorCode::Malformed:
        return problem(422, "invalid-envelope", QStringLiteral("the envelope is malformed: %1").arg(e.message));
    case queue::OpenErrorCode::BadSignature:
        return problem(422, "bad-signature",
                       QStringLiteral("the signature does not verify with the kiosk's certificate over the canonical "
                                      "bytes"));
    case queue::OpenErrorCode::KioskMismatch:
        return problem(422, "kiosk-mismatch",
                       QStringLiteral("the certificate CN, X-Kiosk-Id and the envelope's kiosk_id differ"));
    case queue::OpenErrorCode::CertificateNotValid:
        return problem(422, "certificate-not-valid",
                       QStringLiteral("no certificate of this kiosk known to the platform was valid at created_at"));
    case queue::OpenErrorCode::UnknownKeyId: return problem(422, "unknown-key", e.message);
    case queue::OpenErrorCode::UnwrapFailed:
    case queue::OpenErrorCode::TagMismatch:
    case queue::OpenErrorCode::HashMismatch:
        return problem(422, "undecryptable", QStringLiteral("the sealed payload does not open: %1").arg(e.message));
    case queue::OpenErrorCode::InvalidKey:
    case queue::OpenErrorCode::None: break;
    }
    return problem(500, "internal", e.message);
}

QString randomToken()
{
    unsigned char bytes[24];
    if (!queue::crypto::randomBytes(bytes, sizeof bytes))
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes).toHex());
}

} // namespace

std::optional<QJsonObject> jsonObjectBody(const HttpRequest &r, HttpResponse *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error =
            problem(400, "malformed-json",
                    pe.error != QJsonParseError::NoError
                        ? QStringLiteral("the body is not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)
                        : QStringLiteral("the body is not a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

HttpResponse storeFailure(const StoreError &error)
{
    qCWarning(lcApi).noquote() << "database error:" << error.message;
    return problem(500, "internal", QStringLiteral("platform database error: %1").arg(error.message));
}

// --- dispatch ---------------------------------------------------------------------------------------------------

RequestPlan PlatformApi::plan(const HttpRequest &head)
{
    RequestPlan p;
    p.maxBody = head.method == "PUT" && head.path.startsWith(QLatin1String("/v1/blobs/")) ? kMaxBlobBytes : kMiB;
    const FaultEffects e = s_.faults().take(head.path, head.method, s_.now());
    p.faultStatus = e.status;
    p.retryAfter = e.retryAfter;
    p.latencyMs = e.latencyMs;
    p.bandwidth = e.bandwidth;
    p.resetAfterBodyBytes = e.resetAfterBytes;
    p.loseResponse = e.loseResponse;
    p.malformedJson = e.malformedJson;
    p.oversized = e.oversized;
    p.faultNote = e.note;
    return p;
}

HttpResponse PlatformApi::handle(const HttpRequest &r, const RequestPlan &plan)
{
    // Checked as it came, whatever the answer will be (an injected fault too): the kiosk sent it.
    if (r.path.startsWith(QLatin1String("/v1/"))) {
        for (const Deviation &d : s_.checker().inspect(r, rfc3339Utc(s_.now())))
            qCWarning(lcApi).noquote() << "deviation from platform-api.md:" << d.request << d.finding.rule << "-"
                                       << d.finding.detail;
    }
    HttpResponse resp;
    if (plan.faultStatus) {
        resp = problem(plan.faultStatus, "injected-fault",
                       QStringLiteral("fault injected by the sandbox (%1)").arg(plan.faultNote));
        if (!plan.retryAfter.isEmpty())
            resp.setHeader("Retry-After", plan.retryAfter);
    } else {
        resp = route(r);
    }
    const bool hasBody = resp.status != 204 && resp.status != 304;
    if (plan.malformedJson && hasBody) {
        // The real answer cut in half and garbage after it: what a broken proxy or a truncating bug looks like.
        resp.body = resp.body.left(resp.body.size() / 2) + "\x01<<not json";
        resp.setHeader("Content-Type", "application/json");
    }
    if (plan.oversized && hasBody) {
        QJsonObject big{{QStringLiteral("note"), QStringLiteral("oversized answer injected by the sandbox")},
                        {QStringLiteral("padding"), QString(int(kMiB + 4096), QLatin1Char('x'))}};
        resp.body = QJsonDocument(big).toJson(QJsonDocument::Compact);
        resp.setHeader("Content-Type", "application/json");
    }
    const QByteArray requestId = r.header("x-request-id");
    if (!requestId.isEmpty() && requestId.size() <= 200)
        resp.setHeader("X-Request-Id", requestId);
    return resp;
}

void PlatformApi::finished(const HttpRequest &r, const RequestPlan &plan, int status, Outcome outcome)
{
    RequestRecord rec;
    rec.at = rfc3339Utc(s_.now());
    rec.connection = r.connectionId;
    rec.indexOnConnection = r.indexOnConnection;
    rec.method = QString::fromLatin1(r.method);
    rec.path = r.path;
    rec.status = status;
    rec.outcome = toString(outcome);
    rec.kioskId = QString::fromUtf8(r.header("x-kiosk-id"));
    rec.requestId = QString::fromUtf8(r.header("x-request-id"));
    rec.idempotencyKey = QString::fromUtf8(r.header("idempotency-key"));
    rec.bodyBytes = r.body.size();
    rec.fault = plan.faultNote;
    qCInfo(lcApi).noquote() << rec.method << rec.path << status << rec.outcome << "kiosk" << rec.kioskId
                            << (rec.fault.isEmpty() ? QString() : QStringLiteral("fault: ") + rec.fault);
    s_.record(std::move(rec));
}

HttpResponse PlatformApi::route(const HttpRequest &r)
{
    static const QList<QByteArray> known{"GET",   "HEAD",    "POST",    "PUT",  "DELETE",
                                         "PATCH", "OPTIONS", "CONNECT", "TRACE"};
    if (!known.contains(r.method))
        return problem(501, "not-implemented", QStringLiteral("method %1 is not implemented").arg(r.method));

    const QStringList seg = r.path.split(QLatin1Char('/'));
    // seg[0] is empty (the leading '/'), seg[1] "v1".
    const int n = int(seg.size());
    const QString a = seg.value(2);
    const QString b = seg.value(3);
    std::function<HttpResponse()> handler;
    QList<QByteArray> allowed;
    auto on = [&](std::initializer_list<QByteArray> methods, std::function<HttpResponse()> h) {
        allowed = methods;
        handler = std::move(h);
    };
    if (seg.value(1) == QLatin1String("v1")) {
        if (n == 3 && a == QLatin1String("catalogue"))
            on({"GET", "HEAD"}, [&] { return getCatalogue(r); });
        else if (n == 4 && a == QLatin1String("keys") && b == QLatin1String("submission"))
            on({"GET", "HEAD"}, [&] { return getSubmissionKey(r); });
        else if (n == 4 && a == QLatin1String("blobs"))
            on({"HEAD", "PUT"}, [&] { return r.method == "PUT" ? putBlob(r, b) : headBlob(r, b); });
        else if (n == 3 && a == QLatin1String("submissions"))
            on({"POST"}, [&] { return postSubmission(r); });
        else if (n == 3 && a == QLatin1String("cases"))
            on({"GET", "HEAD"}, [&] { return getCaseByLocalNo(r); });
        else if (n == 4 && a == QLatin1String("cases") && b == QLatin1String("query"))
            on({"POST"}, [&] { return queryCases(r); });
        else if (n == 4 && a == QLatin1String("cases") && !b.isEmpty())
            on({"GET", "HEAD"}, [&] { return getCase(r, b); });
        else if (n == 4 && a == QLatin1String("identity") && b == QLatin1String("qr"))
            on({"POST"}, [&] { return identityQr(r); });
        else if (n == 3 && a == QLatin1String("documents"))
            on({"GET", "HEAD"}, [&] { return listDocuments(r); });
        else if (n == 4 && a == QLatin1String("documents") && !b.isEmpty())
            on({"GET", "HEAD"}, [&] { return getDocument(r, b); });
        else if (n == 3 && a == QLatin1String("evaluations"))
            on({"POST"}, [&] { return postEvaluation(r); });
        else if (n == 4 && a == QLatin1String("audit") && b == QLatin1String("anchor"))
            on({"POST"}, [&] { return auditAnchor(r); });
        else if (n == 3 && a == QLatin1String("heartbeat"))
            on({"POST"}, [&] { return heartbeat(r); });
        else if (n == 3 && a == QLatin1String("payments"))
            on({"POST"}, [&] { return s_.payments().create(r); });
        else if (n == 4 && a == QLatin1String("payments") && !b.isEmpty())
            on({"GET", "HEAD"}, [&] { return s_.payments().get(b, r.peerCommonName); });
        else if (n == 5 && a == QLatin1String("payments") && seg.value(4) == QLatin1String("cancel"))
            on({"POST"}, [&] { return s_.payments().cancel(r, b); });
        else if (n == 5 && a == QLatin1String("payments") && seg.value(4) == QLatin1String("invoice"))
            on({"GET", "HEAD"}, [&] { return s_.payments().invoice(b, r.peerCommonName); });
    }
    if (!handler)
        return problem(404, "not-found", QStringLiteral("no such resource: %1").arg(r.path));
    if (!allowed.contains(r.method)) {
        HttpResponse resp =
            problem(405, "method-not-allowed", QStringLiteral("%1 is not allowed on %2").arg(r.method, r.path));
        QByteArrayList names(allowed.begin(), allowed.end());
        resp.setHeader("Allow", names.join(", "));
        return resp;
    }

    for (const char *name : {"X-Kiosk-Id", "X-Request-Id"}) {
        const QByteArray lower = QByteArray(name).toLower();
        if (r.headerCount(lower) != 1 || r.header(lower).isEmpty())
            return problem(400, "missing-header",
                           QStringLiteral("exactly one non-empty %1 header is required").arg(QLatin1String(name)));
    }
    const QString kioskId = QString::fromUtf8(r.header("x-kiosk-id"));
    if (kioskId != r.peerCommonName)
        return problem(
            422, "kiosk-mismatch",
            QStringLiteral("X-Kiosk-Id '%1' is not the client certificate's CN '%2'").arg(kioskId, r.peerCommonName));
    return handler();
}

// --- catalogue and keys ----------------------------------------------------------------------------------------

HttpResponse PlatformApi::getCatalogue(const HttpRequest &r)
{
    std::optional<qint64> since;
    if (r.query.hasQueryItem(QStringLiteral("since"))) {
        const QString v = r.query.queryItemValue(QStringLiteral("since"));
        bool ok = !v.isEmpty() && std::all_of(v.begin(), v.end(), [](QChar c) { return c.isDigit(); });
        const qint64 n = ok ? v.toLongLong(&ok) : 0;
        if (!ok)
            return problem(400, "invalid-parameter", QStringLiteral("since must be a catalogue version (an integer)"));
        since = n;
    }
    const qint64 version = s_.catalogue().version();
    const QByteArray etag = '"' + QByteArray::number(version) + '"';
    HttpResponse resp;
    if ((r.hasHeader("if-none-match") && noneMatch(r.header("if-none-match"), etag)) || (since && *since == version)) {
        resp.status = 304;
    } else {
        resp.status = 200;
        resp.body = s_.catalogue().body(since && *since < version ? since : std::nullopt);
        resp.setHeader("Content-Type", "application/json");
    }
    resp.setHeader("ETag", etag);
    resp.setHeader("Cache-Control", "no-cache");
    return resp;
}

HttpResponse PlatformApi::getSubmissionKey(const HttpRequest &)
{
    const PlatformKeyRecord *key = s_.currentKey();
    if (!key)
        return problem(503, "no-key", QStringLiteral("the platform has no current submission key"));
    return HttpResponse::json(200,
                              QJsonObject{{QStringLiteral("key_id"), key->keyId},
                                          {QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256+A256GCM")},
                                          {QStringLiteral("public_key_pem"), QString::fromLatin1(key->publicPem)}});
}

// --- blobs -----------------------------------------------------------------------------------------------------

HttpResponse PlatformApi::headBlob(const HttpRequest &, const QString &sha256)
{
    if (!queue::isLowerHexSha256(sha256))
        return problem(400, "invalid-blob-name", QStringLiteral("a blob is named by its lowercase hex sha256"));
    StoreError err;
    const auto row = s_.db().queryOne("SELECT size FROM blobs WHERE sha256 = ?", {sha256}, "i", &err);
    if (!err.isOk())
        return storeFailure(err);
    if (!row)
        return problem(404, "not-found", QStringLiteral("no blob %1").arg(sha256));
    return HttpResponse::empty(200);
}

HttpResponse PlatformApi::putBlob(const HttpRequest &r, const QString &sha256)
{
    if (!queue::isLowerHexSha256(sha256))
        return problem(400, "invalid-blob-name", QStringLiteral("a blob is named by its lowercase hex sha256"));
    const QString actual = queue::sha256Hex(r.body);
    if (actual != sha256)
        return problem(
            422, "hash-mismatch",
            QStringLiteral("the body (%1 bytes) hashes to %2, not to its name").arg(r.body.size()).arg(actual));
    if (r.body.isEmpty())
        return problem(422, "empty-blob", QStringLiteral("a sealed blob is never empty"));
    StoreError err;
    const auto row = s_.db().queryOne("SELECT size FROM blobs WHERE sha256 = ?", {sha256}, "i", &err);
    if (!err.isOk())
        return storeFailure(err);
    const QJsonObject answer{{QStringLiteral("sha256"), sha256}, {QStringLiteral("size"), qint64(r.body.size())}};
    if (row)
        return HttpResponse::json(200, answer);
    QSaveFile file(s_.blobPath(sha256));
    if (!file.open(QIODevice::WriteOnly) || file.write(r.body) != r.body.size() || !file.commit())
        return problem(500, "internal", QStringLiteral("cannot store the blob: %1").arg(file.errorString()));
    err = s_.db().exec("INSERT OR IGNORE INTO blobs (sha256, size, kiosk_id, received_at) VALUES (?, ?, ?, ?)",
                       {sha256, qint64(r.body.size()), r.peerCommonName, rfc3339Utc(s_.now())});
    if (!err.isOk())
        return storeFailure(err);
    HttpResponse resp = HttpResponse::json(201, answer);
    resp.setHeader("Location", "/v1/blobs/" + sha256.toLatin1());
    return resp;
}

// --- submissions -----------------------------------------------------------------------------------------------

HttpResponse PlatformApi::postSubmission(const HttpRequest &r)
{
    const QString kioskId = r.peerCommonName;
    const QString key = QString::fromUtf8(r.header("idempotency-key"));
    if (r.headerCount("idempotency-key") != 1 || key.isEmpty())
        return problem(400, "missing-header", QStringLiteral("exactly one non-empty Idempotency-Key is required"));
    HttpResponse bad;
    const std::optional<QJsonObject> envelope = jsonObjectBody(r, &bad);
    if (!envelope)
        return bad;
    if (std::optional<HttpResponse> replay = replayOrConflict(s_.db(), kioskId, kSubmissions, key, r.body))
        return *replay;
    if (envelope->value(QLatin1String("id")).toString() != key)
        return problem(422, "idempotency-key-mismatch", QStringLiteral("Idempotency-Key must be the envelope's id"));
    if (envelope->value(QLatin1String("kiosk_id")).toString() != kioskId)
        return problem(422, "kiosk-mismatch",
                       QStringLiteral("the envelope's kiosk_id is not the client certificate's CN '%1'").arg(kioskId));
    StoreError err;
    if (s_.db().queryOne("SELECT kiosk_id FROM submissions WHERE id = ?", {key}, "t", &err))
        return problem(409, "idempotency-conflict",
                       QStringLiteral("submission id %1 was already received from another kiosk").arg(key));
    if (!err.isOk())
        return storeFailure(err);

    // Signature (with the certificate on this connection, or an earlier one of the kiosk valid at created_at),
    // then key_id, unwrap and decryption.
    QString why;
    const QByteArray certPem = r.peerCertificate.toPem();
    const queue::Opener *opener = s_.openerFor(certPem, &why);
    if (!opener)
        return problem(500, "internal", why);
    queue::OpenResult<queue::OpenedEnvelope> opened = opener->open(r.body);
    if (opened.error.code == queue::OpenErrorCode::CertificateNotValid) {
        StoreError err;
        const QList<Row> history = s_.db().query(
            "SELECT pem FROM kiosk_certs WHERE kiosk_id = ? ORDER BY first_seen DESC", {kioskId}, "b", &err);
        for (const Row &row : history) {
            const QByteArray pem = row.value(0).toByteArray();
            const queue::Opener *older = pem == certPem ? nullptr : s_.openerFor(pem, &why);
            if (!older)
                continue;
            auto attempt = older->open(r.body);
            if (attempt.isOk() || attempt.error.code != queue::OpenErrorCode::CertificateNotValid) {
                opened = std::move(attempt);
                break;
            }
        }
    }
    if (!opened.isOk())
        return openErrorAnswer(opened.error);
    const QJsonObject &env = opened.value.envelope;
    const QJsonObject &payload = opened.value.payload;

    const QString itemCode = env.value(QLatin1String("item_code")).toString();
    const std::optional<QJsonObject> item = s_.catalogue().item(itemCode);
    if (!item)
        return problem(422, "unknown-item",
                       QStringLiteral("item_code '%1' was never in the platform's catalogue").arg(itemCode));

    const QString localNo = env.value(QLatin1String("local_no")).toString();
    static const QRegularExpression localNoTail(QStringLiteral("^-(\\d{8})-(\\d{6,})$"));
    const QRegularExpressionMatch m = localNoTail.match(localNo.mid(kioskId.size()));
    if (!localNo.startsWith(kioskId) || !m.hasMatch() ||
        !QDate::fromString(m.captured(1), QStringLiteral("yyyyMMdd")).isValid())
        return problem(
            422, "invalid-local-no",
            QStringLiteral("local_no '%1' is not <kiosk_id>-<yyyymmdd>-<seq of 6 or more digits>").arg(localNo));
    const auto taken = s_.db().queryOne("SELECT id FROM submissions WHERE local_no = ?", {localNo}, "t", &err);
    if (!err.isOk())
        return storeFailure(err);
    if (taken)
        return problem(422, "local-no-reused",
                       QStringLiteral("local_no %1 already belongs to another submission").arg(localNo));

    QStringList referenced;
    const QString payloadProblem = checkPayload(payload, &referenced);
    if (!payloadProblem.isEmpty())
        return problem(422, "invalid-payload", payloadProblem);

    // Every blob the envelope lists or the payload names must be here, with the listed size.
    QStringList wanted;
    QHash<QString, qint64> listedSize;
    for (const QJsonValue v : env.value(QLatin1String("blobs")).toArray()) {
        const QString sha = v.toObject().value(QLatin1String("sha256")).toString();
        listedSize.insert(sha, v.toObject().value(QLatin1String("size")).toInteger());
        if (!wanted.contains(sha))
            wanted.append(sha);
    }
    for (const QString &sha : referenced) {
        if (!wanted.contains(sha))
            wanted.append(sha);
    }
    QJsonArray missing;
    for (const QString &sha : wanted) {
        const auto row = s_.db().queryOne("SELECT size FROM blobs WHERE sha256 = ?", {sha}, "i", &err);
        if (!err.isOk())
            return storeFailure(err);
        if (!row) {
            missing.append(sha);
            continue;
        }
        if (listedSize.contains(sha) && listedSize.value(sha) != row->value(0).toLongLong())
            return problem(422, "blob-size-mismatch",
                           QStringLiteral("blob %1 is %2 bytes, the envelope says %3")
                               .arg(sha)
                               .arg(row->value(0).toLongLong())
                               .arg(listedSize.value(sha)));
    }
    if (!missing.isEmpty())
        return problem(412, "missing-blobs",
                       QStringLiteral("%1 referenced blob(s) are not on the platform yet: PUT them, then retry")
                           .arg(missing.size()),
                       QJsonObject{{QStringLiteral("missing"), missing}});

    // One transaction: the case, its first timeline step, the kiosk certificate and the idempotency answer.
    const QDateTime now = s_.now();
    const QDate today = shanghaiDate(now);
    const qint64 limitDays = item->value(QLatin1String("promised_limit_days")).toInteger(0);
    const QString promised =
        addWorkingDays(today, int(std::clamp<qint64>(limitDays, 0, 3650))).toString(QStringLiteral("yyyy-MM-dd"));
    const QJsonObject applicant = payload.value(QLatin1String("applicant")).toObject();
    // An applicant identified by a 粤省事 code carries the identity token in place of an ID number. The platform
    // knows whose token it issued, so the case is filed under the citizen's ID number and found by any later code of
    // the same citizen. A queued submission may arrive after the token's lifetime: the issue is looked up, not its
    // validity now.
    QString applicantIdNumber = applicant.value(QLatin1String("id_number")).toString();
    if (applicant.value(QLatin1String("id_type")).toString() == QLatin1String("qr")) {
        const auto issued =
            s_.db().queryOne("SELECT code FROM identity_tokens WHERE token = ?", {applicantIdNumber}, "t", &err);
        if (!err.isOk())
            return storeFailure(err);
        // A token this platform did not issue (or a sandbox reset since) stays as it came: the case is kept, and
        // found by its local number only.
        if (issued)
            if (const Citizen *c = s_.citizenByCode(issued->value(0).toString()))
                applicantIdNumber = c->idNumber;
    }
    const QString delivery =
        payload.value(QLatin1String("delivery")).toObject().value(QLatin1String("method")).toString();

    queue::Transaction tx(s_.db().store());
    err = tx.beginError();
    const QString day = today.toString(QStringLiteral("yyyyMMdd"));
    const qint64 seq = err.isOk() ? s_.db().nextCounter(QStringLiteral("case:") + day, &err) : 0;
    const QString caseNo = QStringLiteral("GDZW%1%2").arg(day).arg(seq, 6, 10, QLatin1Char('0'));
    const QJsonObject answerJson{{QStringLiteral("case_no"), caseNo},
                                 {QStringLiteral("local_no"), localNo},
                                 {QStringLiteral("status"), QStringLiteral("received")},
                                 {QStringLiteral("promised_date"), promised}};
    const QByteArray answer = QJsonDocument(answerJson).toJson(QJsonDocument::Compact);
    const QString nowText = rfc3339Utc(now);
    if (err.isOk())
        err = s_.db().exec(
            "INSERT INTO submissions (id, kiosk_id, local_no, case_no, item_code, item_version, key_id, created_at, "
            "received_at, received_epoch, envelope, payload, applicant_id_type, applicant_id_number, applicant_name, "
            "delivery_method, promised_date, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'received')",
            {key, kioskId, localNo, caseNo, itemCode, env.value(QLatin1String("item_version")).toInteger(),
             env.value(QLatin1String("key_id")).toString(), env.value(QLatin1String("created_at")).toString(), nowText,
             now.toSecsSinceEpoch(), r.body, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)),
             applicant.value(QLatin1String("id_type")).toString(), applicantIdNumber,
             applicant.value(QLatin1String("name")).toString(), delivery, promised});
    if (err.isOk())
        err = s_.db().exec("INSERT INTO timeline (case_no, step, at, status, note) VALUES (?, 0, ?, 'received', ?)",
                           {caseNo, nowText, QStringLiteral("received from kiosk %1").arg(kioskId)});
    if (err.isOk())
        err = s_.db().exec("INSERT OR IGNORE INTO kiosk_certs (kiosk_id, sha256, pem, first_seen) VALUES (?, ?, ?, ?)",
                           {kioskId, queue::sha256Hex(r.peerCertificate.toDer()), certPem, nowText});
    if (err.isOk())
        err = storeIdempotency(s_.db(), kioskId, kSubmissions, key, r.body, 201, answer, nowText);
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk())
        return storeFailure(err);
    qCInfo(lcApi).noquote() << "case" << caseNo << "for" << localNo << "item" << itemCode;
    HttpResponse resp = storedAnswer(201, answer);
    resp.setHeader("Location", "/v1/cases/" + caseNo.toLatin1());
    return resp;
}

// --- cases -----------------------------------------------------------------------------------------------------

// The case a (number, query code) pair names, or nullopt: an unknown case, a missing code and a wrong code look the
// same from outside (platform-api.md), so a lookup never tells whether a number exists.
std::optional<QString> PlatformApi::caseFor(const char *column, const QString &number, const QString &queryCode,
                                            StoreError *err)
{
    const QByteArray sql =
        QByteArray("SELECT case_no, json_extract(payload, '$.query_code') FROM submissions WHERE ") + column + " = ?";
    const auto row = s_.db().queryOne(sql.constData(), {number}, "tt", err);
    if (!err->isOk() || !row)
        return std::nullopt;
    const QByteArray stored = row->value(1).toString().toUtf8();
    const QByteArray given = queryCode.toUtf8();
    if (stored.isEmpty() || stored.size() != given.size() ||
        CRYPTO_memcmp(stored.constData(), given.constData(), size_t(stored.size())) != 0)
        return std::nullopt;
    return row->value(0).toString();
}

HttpResponse PlatformApi::getCase(const HttpRequest &r, const QString &caseNo)
{
    StoreError err;
    const QString code = r.query.queryItemValue(QStringLiteral("query_code"), QUrl::FullyDecoded);
    const std::optional<QString> known = caseFor("case_no", caseNo, code, &err);
    const std::optional<QJsonObject> c = known ? s_.caseJson(*known, &err) : std::nullopt;
    if (!err.isOk())
        return storeFailure(err);
    if (!c)
        return problem(404, "not-found", QStringLiteral("no case %1 with this query code").arg(caseNo));
    return HttpResponse::json(200, *c);
}

HttpResponse PlatformApi::getCaseByLocalNo(const HttpRequest &r)
{
    const QString localNo = r.query.queryItemValue(QStringLiteral("local_no"), QUrl::FullyDecoded);
    if (localNo.isEmpty())
        return problem(400, "invalid-parameter", QStringLiteral("GET /v1/cases needs ?local_no="));
    StoreError err;
    const QString code = r.query.queryItemValue(QStringLiteral("query_code"), QUrl::FullyDecoded);
    const std::optional<QString> known = caseFor("local_no", localNo, code, &err);
    const std::optional<QJsonObject> c = known ? s_.caseJson(*known, &err) : std::nullopt;
    if (!err.isOk())
        return storeFailure(err);
    if (!c)
        return problem(404, "not-found",
                       QStringLiteral("no case for local_no %1 with this query code (not received yet?)").arg(localNo));
    return HttpResponse::json(200, *c);
}

HttpResponse PlatformApi::queryCases(const HttpRequest &r)
{
    HttpResponse bad;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &bad);
    if (!body)
        return bad;
    const std::optional<Citizen> citizen = s_.citizenForToken(body->value(QLatin1String("identity_token")).toString());
    if (!citizen)
        return problem(401, "invalid-token", QStringLiteral("the identity_token is invalid or expired"));
    StoreError err;
    const QList<Row> rows =
        s_.db().query("SELECT case_no FROM submissions WHERE applicant_id_number = ? ORDER BY seq DESC",
                      {citizen->idNumber}, "t", &err);
    if (!err.isOk())
        return storeFailure(err);
    QJsonArray cases;
    for (const Row &row : rows) {
        const QString caseNo = row.value(0).toString();
        err = s_.advanceCase(caseNo);
        const auto c = s_.db().queryOne(
            "SELECT local_no, item_code, status, promised_date, applicant_name FROM submissions WHERE case_no = ?",
            {caseNo}, "ttttt", &err);
        if (!err.isOk())
            return storeFailure(err);
        if (!c)
            continue;
        cases.append(QJsonObject{{QStringLiteral("case_no"), caseNo},
                                 {QStringLiteral("local_no"), c->value(0).toString()},
                                 {QStringLiteral("item_code"), c->value(1).toString()},
                                 {QStringLiteral("status"), c->value(2).toString()},
                                 {QStringLiteral("promised_date"), c->value(3).toString()},
                                 {QStringLiteral("applicant_masked"), maskName(c->value(4).toString())}});
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("cases"), cases}});
}

// --- identity and documents ------------------------------------------------------------------------------------

HttpResponse PlatformApi::identityQr(const HttpRequest &r)
{
    HttpResponse bad;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &bad);
    if (!body)
        return bad;
    const QJsonValue codeValue = body->value(QLatin1String("code"));
    const QString code = codeValue.toString();
    if (!codeValue.isString() || code.isEmpty() || code.size() > 512)
        return problem(422, "invalid-code", QStringLiteral("the body needs a non-empty string 'code'"));
    const Citizen *c = s_.citizenByCode(code);
    if (!c)
        return problem(422, "invalid-code", QStringLiteral("the code is not a valid 粤省事 code"));
    const QDateTime now = s_.now();
    if (c->codeExpiresAt.isValid() && c->codeExpiresAt <= now)
        return problem(422, "invalid-code", QStringLiteral("the code has expired"));

    queue::Transaction tx(s_.db().store());
    StoreError err = tx.beginError();
    const auto used = err.isOk() ? s_.db().queryOne("SELECT used_at FROM used_codes WHERE code = ?", {code}, "t", &err)
                                 : std::nullopt;
    if (!err.isOk())
        return storeFailure(err);
    if (used)
        return problem(422, "invalid-code", QStringLiteral("the code was already used; a code works once"));
    const QString token = randomToken();
    const QDateTime expires = now.addSecs(s_.options().tokenTtlSeconds);
    err = s_.db().exec("INSERT INTO used_codes (code, used_at) VALUES (?, ?)", {code, rfc3339Utc(now)});
    if (err.isOk())
        err = s_.db().exec("INSERT INTO identity_tokens (token, code, expires_epoch) VALUES (?, ?, ?)",
                           {token, code, expires.toSecsSinceEpoch()});
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk() || token.isEmpty())
        return storeFailure(err);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("verified"), true},
                                               {QStringLiteral("identity_token"), token},
                                               {QStringLiteral("name_masked"), maskName(c->name)},
                                               {QStringLiteral("id_masked"), maskIdNumber(c->idNumber)},
                                               {QStringLiteral("expires_at"), rfc3339Utc(expires)}});
}

HttpResponse PlatformApi::listDocuments(const HttpRequest &r)
{
    const std::optional<Citizen> citizen =
        s_.citizenForToken(r.query.queryItemValue(QStringLiteral("identity_token"), QUrl::FullyDecoded));
    if (!citizen)
        return problem(401, "invalid-token", QStringLiteral("a valid identity_token is required"));
    QJsonArray docs;
    for (const QJsonValue v : citizen->documents) {
        const QJsonObject d = v.toObject();
        docs.append(QJsonObject{{QStringLiteral("id"), d.value(QLatin1String("id"))},
                                {QStringLiteral("title"), d.value(QLatin1String("title"))},
                                {QStringLiteral("issuer"), d.value(QLatin1String("issuer"))},
                                {QStringLiteral("issued_at"), d.value(QLatin1String("issued_at"))},
                                {QStringLiteral("pages"), d.value(QLatin1String("pages")).toInteger(1)}});
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("documents"), docs}});
}

HttpResponse PlatformApi::getDocument(const HttpRequest &r, const QString &id)
{
    const std::optional<Citizen> citizen =
        s_.citizenForToken(r.query.queryItemValue(QStringLiteral("identity_token"), QUrl::FullyDecoded));
    if (!citizen)
        return problem(401, "invalid-token", QStringLiteral("a valid identity_token is required"));
    auto find = [&id](const QJsonArray &docs) -> std::optional<QJsonObject> {
        for (const QJsonValue v : docs) {
            if (v.toObject().value(QLatin1String("id")).toString() == id)
                return v.toObject();
        }
        return std::nullopt;
    };
    const std::optional<QJsonObject> doc = find(citizen->documents);
    if (!doc) {
        for (const Citizen &other : s_.citizens()) {
            if (find(other.documents))
                return problem(401, "invalid-token",
                               QStringLiteral("the identity_token is not for the holder of this document"));
        }
        return problem(404, "not-found", QStringLiteral("no document %1").arg(id));
    }
    const int pages = int(std::clamp<qint64>(doc->value(QLatin1String("pages")).toInteger(1), 1, 50));
    QList<QStringList> content;
    for (int p = 1; p <= pages; ++p) {
        content.append({QStringLiteral("Platform sandbox - demo document (not a real certificate)"),
                        QStringLiteral("Document: %1").arg(id),
                        QStringLiteral("Title: %1").arg(doc->value(QLatin1String("title_en")).toString()),
                        QStringLiteral("Issued at: %1").arg(doc->value(QLatin1String("issued_at")).toString()),
                        QStringLiteral("Page %1 of %2").arg(p).arg(pages)});
    }
    HttpResponse resp;
    resp.status = 200;
    resp.body = minimalPdf(content, id);
    resp.setHeader("Content-Type", "application/pdf");
    resp.setHeader("Content-Disposition", "inline; filename=\"" + id.toLatin1() + ".pdf\"");
    return resp;
}

// --- evaluations, audit anchors, heartbeats --------------------------------------------------------------------

HttpResponse PlatformApi::postEvaluation(const HttpRequest &r)
{
    const QString kioskId = r.peerCommonName;
    const QString key = QString::fromUtf8(r.header("idempotency-key"));
    if (r.headerCount("idempotency-key") != 1 || key.isEmpty())
        return problem(400, "missing-header", QStringLiteral("exactly one non-empty Idempotency-Key is required"));
    HttpResponse bad;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &bad);
    if (!body)
        return bad;
    if (std::optional<HttpResponse> replay = replayOrConflict(s_.db(), kioskId, kEvaluations, key, r.body))
        return *replay;
    const QJsonObject &e = *body;
    if (e.value(QLatin1String("id")).toString() != key)
        return problem(422, "idempotency-key-mismatch", QStringLiteral("Idempotency-Key must be the evaluation's id"));
    auto invalid = [](const QString &why) { return problem(422, "invalid-evaluation", why); };
    if (!queue::isUuidV4(key))
        return invalid(QStringLiteral("id must be a lowercase UUID v4"));
    const QJsonValue caseNo = e.value(QLatin1String("case_no"));
    const QJsonValue localNo = e.value(QLatin1String("local_no"));
    const bool hasCase = caseNo.isString() && !caseNo.toString().isEmpty();
    const bool hasLocal = localNo.isString() && !localNo.toString().isEmpty();
    if (!hasCase && !hasLocal)
        return invalid(QStringLiteral("case_no or local_no is required"));
    if ((!caseNo.isUndefined() && !caseNo.isNull() && !caseNo.isString()) ||
        (!localNo.isUndefined() && !localNo.isNull() && !localNo.isString()))
        return invalid(QStringLiteral("case_no and local_no are strings"));
    if (!e.value(QLatin1String("item_code")).isString() || e.value(QLatin1String("item_code")).toString().isEmpty())
        return invalid(QStringLiteral("item_code is required"));
    if (!isSafeInteger(e.value(QLatin1String("score")), 1, 5))
        return invalid(QStringLiteral("score must be an integer 1..5"));
    static const QStringList reasonCodes{QStringLiteral("slow"),           QStringLiteral("unclear_guide"),
                                         QStringLiteral("device_fault"),   QStringLiteral("too_many_steps"),
                                         QStringLiteral("staff_attitude"), QStringLiteral("other")};
    const QJsonValue reasons = e.value(QLatin1String("reasons"));
    if (!reasons.isArray())
        return invalid(QStringLiteral("reasons must be an array of codes"));
    QSet<QString> seen;
    for (const QJsonValue v : reasons.toArray()) {
        if (!v.isString() || !reasonCodes.contains(v.toString()))
            return invalid(QStringLiteral("unknown reason; the codes are %1").arg(reasonCodes.join(", ")));
        if (seen.contains(v.toString()))
            return invalid(QStringLiteral("reason '%1' is repeated").arg(v.toString()));
        seen.insert(v.toString());
    }
    const QJsonValue comment = e.value(QLatin1String("comment"));
    if (!comment.isUndefined() && !comment.isNull()) {
        if (!comment.isString())
            return invalid(QStringLiteral("comment must be a string"));
        const qsizetype codePoints = comment.toString().toUcs4().size();
        if (codePoints > 200)
            return invalid(QStringLiteral("comment holds %1 code points; at most 200").arg(codePoints));
    }
    // The evaluation is about a case the platform knows, proven by its query code: otherwise 404, as a lookup.
    {
        StoreError err;
        const QString code = e.value(QLatin1String("query_code")).toString();
        const std::optional<QString> known = hasCase ? caseFor("case_no", caseNo.toString(), code, &err)
                                                     : caseFor("local_no", localNo.toString(), code, &err);
        if (!err.isOk())
            return storeFailure(err);
        if (!known)
            return problem(404, "not-found",
                           QStringLiteral("no case %1 with this query code")
                               .arg(hasCase ? caseNo.toString() : localNo.toString()));
    }

    const QString nowText = rfc3339Utc(s_.now());
    const QJsonObject answerJson{{QStringLiteral("id"), key}, {QStringLiteral("status"), QStringLiteral("received")}};
    const QByteArray answer = QJsonDocument(answerJson).toJson(QJsonDocument::Compact);
    queue::Transaction tx(s_.db().store());
    StoreError err = tx.beginError();
    if (err.isOk())
        err = s_.db().exec("INSERT INTO evaluations (id, kiosk_id, body, received_at) VALUES (?, ?, ?, ?)",
                           {key, kioskId, QString::fromUtf8(r.body), nowText});
    if (err.isOk())
        err = storeIdempotency(s_.db(), kioskId, kEvaluations, key, r.body, 201, answer, nowText);
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk())
        return storeFailure(err);
    return storedAnswer(201, answer);
}

HttpResponse PlatformApi::auditAnchor(const HttpRequest &r)
{
    HttpResponse bad;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &bad);
    if (!body)
        return bad;
    const QString kioskId = body->value(QLatin1String("kiosk_id")).toString();
    if (kioskId != r.peerCommonName)
        return problem(422, "kiosk-mismatch",
                       QStringLiteral("kiosk_id is not the client certificate's CN '%1'").arg(r.peerCommonName));
    const QJsonValue seqValue = body->value(QLatin1String("seq"));
    if (!isSafeInteger(seqValue, 0, queue::kMaxSafeInteger))
        return problem(422, "invalid-anchor", QStringLiteral("seq must be a non-negative integer"));
    const qint64 seq = seqValue.toInteger();
    const QString hash = body->value(QLatin1String("head_hash")).toString();
    if (!queue::isLowerHexSha256(hash))
        return problem(422, "invalid-anchor", QStringLiteral("head_hash must be a lowercase hex SHA-256"));

    StoreError err;
    const auto same =
        s_.db().queryOne("SELECT head_hash FROM anchors WHERE kiosk_id = ? AND seq = ?", {kioskId, seq}, "t", &err);
    if (!err.isOk())
        return storeFailure(err);
    if (same) {
        if (same->value(0).toString() == hash)
            return HttpResponse::empty(204); // an identical repeat (a retry whose answer was lost)
        return problem(409, "anchor-conflict",
                       QStringLiteral("seq %1 is already anchored with a different head_hash").arg(seq));
    }
    const auto last = s_.db().queryOne("SELECT MAX(seq) FROM anchors WHERE kiosk_id = ?", {kioskId}, "i", &err);
    if (!err.isOk())
        return storeFailure(err);
    if (last && !last->value(0).isNull() && seq <= last->value(0).toLongLong())
        return problem(
            409, "anchor-conflict",
            QStringLiteral("seq %1 does not grow: the last anchor is at %2").arg(seq).arg(last->value(0).toLongLong()));
    err = s_.db().exec("INSERT INTO anchors (kiosk_id, seq, head_hash, received_at) VALUES (?, ?, ?, ?)",
                       {kioskId, seq, hash, rfc3339Utc(s_.now())});
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::empty(204);
}

HttpResponse PlatformApi::heartbeat(const HttpRequest &r)
{
    HttpResponse bad;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &bad);
    if (!body)
        return bad;
    const QJsonObject &h = *body;
    const QString kioskId = h.value(QLatin1String("kiosk_id")).toString();
    if (kioskId != r.peerCommonName)
        return problem(422, "kiosk-mismatch",
                       QStringLiteral("kiosk_id is not the client certificate's CN '%1'").arg(r.peerCommonName));
    auto invalid = [](const QString &why) { return problem(422, "invalid-heartbeat", why); };
    if (!h.value(QLatin1String("app_version")).isString())
        return invalid(QStringLiteral("app_version must be a string"));
    if (!h.value(QLatin1String("devices")).isArray())
        return invalid(QStringLiteral("devices must be an array of {kind,status,detail}"));
    for (const QJsonValue v : h.value(QLatin1String("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        if (!v.isObject() || !d.value(QLatin1String("kind")).isString() || !d.value(QLatin1String("status")).isString())
            return invalid(QStringLiteral("each device needs string kind and status (and detail)"));
    }
    const QJsonObject queueFigures = h.value(QLatin1String("queue")).toObject();
    for (const char *name : {"pending", "dead", "oldest_age_s"}) {
        if (!isSafeInteger(queueFigures.value(QLatin1String(name)), 0, queue::kMaxSafeInteger))
            return invalid(QStringLiteral("queue.%1 must be a non-negative integer").arg(QLatin1String(name)));
    }
    const QJsonValue lastSync = h.value(QLatin1String("last_sync"));
    if (!lastSync.isString() && !lastSync.isNull())
        return invalid(QStringLiteral("last_sync must be an RFC 3339 time or null"));
    // A signed self-test report (the answer to send_selftest) may ride along: kept per kiosk for the fleet page,
    // with whether its signature verifies with this connection's client certificate.
    const QJsonValue selftest = h.value(QLatin1String("selftest"));
    if (!selftest.isUndefined() && !selftest.isObject())
        return invalid(QStringLiteral("selftest must be a signed self-test report object"));
    QString selftestProblem;
    bool selftestVerified = false;
    if (selftest.isObject()) {
        selftestVerified = queue::verifySignedJson(selftest.toObject(), r.peerCertificate.toPem(), &selftestProblem);
        if (selftestVerified && selftest.toObject().value(QLatin1String("kiosk_id")).toString() != kioskId) {
            selftestVerified = false;
            selftestProblem = QStringLiteral("the report names another kiosk");
        }
    }

    const QString nowText = rfc3339Utc(s_.now());
    queue::Transaction tx(s_.db().store());
    StoreError err = tx.beginError();
    if (err.isOk())
        err = s_.db().exec("INSERT INTO heartbeats (kiosk_id, body, received_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (kiosk_id) DO UPDATE SET body = excluded.body, "
                           "received_at = excluded.received_at, count = count + 1",
                           {kioskId, QString::fromUtf8(r.body), nowText});
    if (err.isOk() && selftest.isObject())
        err =
            s_.db().exec("INSERT OR REPLACE INTO selftests (kiosk_id, report, verified, problem, received_at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         {kioskId, QString::fromUtf8(QJsonDocument(selftest.toObject()).toJson(QJsonDocument::Compact)),
                          selftestVerified, selftestProblem, nowText});
    const QList<Row> pending =
        err.isOk() ? s_.db().query("SELECT id, name FROM commands WHERE kiosk_id = ? AND delivered_at IS NULL "
                                   "ORDER BY seq",
                                   {kioskId}, "tt", &err)
                   : QList<Row>{};
    if (err.isOk())
        err = s_.db().exec("UPDATE commands SET delivered_at = ? WHERE kiosk_id = ? AND delivered_at IS NULL",
                           {nowText, kioskId});
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk())
        return storeFailure(err);
    QJsonArray commands;
    for (const Row &c : pending)
        commands.append(
            QJsonObject{{QStringLiteral("id"), c[0].toString()}, {QStringLiteral("name"), c[1].toString()}});
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("config_version"), s_.options().configVersion},
                                               {QStringLiteral("commands"), commands}});
}

} // namespace kiosk::sandbox
