// The sandbox's control endpoint (plain HTTP on 127.0.0.1): fault switches, heartbeat commands, what was received
// (decrypted), catalogue changes, key rotation, case status, reset, and the small fleet page.
#include "offline_queue/sandbox/sandbox.h"

#include "offline_queue/envelope.h"
#include "offline_queue/sandbox/fleet_page.h"
#include "offline_queue/sandbox/sandbox_util.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

#include <cmath>

namespace kiosk::sandbox {

Q_LOGGING_CATEGORY(lcControl, "kiosk.sandbox.control")

using queue::StoreError;

namespace {

HttpResponse bad(int status, const QString &detail)
{
    return HttpResponse::problem(status, status == 404 ? QStringLiteral("not-found") : QStringLiteral("bad-request"),
                                 detail);
}

QJsonValue parsedJson(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    return QJsonValue();
}

std::optional<qint64> wholeNumber(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || d < double(min) || d > double(max))
        return std::nullopt;
    return qint64(d);
}

// "127.0.0.1", "localhost" or "[::1]", with or without a port.
bool isLoopbackAuthority(const QByteArray &authority)
{
    QByteArray host = authority.trimmed().toLower();
    if (host.startsWith('[')) {
        const int end = host.indexOf(']');
        host = end < 0 ? QByteArray() : host.left(end + 1);
    } else if (const int colon = host.lastIndexOf(':'); colon >= 0) {
        host = host.left(colon);
    }
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

// The control endpoint has no authentication: it is for this machine only (it listens on 127.0.0.1). Since a browser
// on this machine may open the fleet page, what a web page elsewhere could make that browser send is refused: a Host
// that is not loopback (DNS rebinding) and a request carrying another site's Origin (cross-site POSTs).
QString browserRefusal(const HttpRequest &r)
{
    if (r.hasHeader("host") && !isLoopbackAuthority(r.header("host")))
        return QStringLiteral("the control endpoint answers only requests addressed to 127.0.0.1 or localhost");
    if (r.hasHeader("origin")) {
        const QByteArray origin = r.header("origin").trimmed().toLower();
        const bool local = origin.startsWith("http://") && isLoopbackAuthority(origin.mid(7));
        if (!local)
            return QStringLiteral("the control endpoint refuses requests from web pages of other sites");
    }
    return {};
}

} // namespace

RequestPlan ControlApi::plan(const HttpRequest &)
{
    RequestPlan p;
    p.maxBody = 16 * kMiB; // a whole replacement catalogue fits
    return p;
}

HttpResponse ControlApi::handle(const HttpRequest &r, const RequestPlan &)
{
    if (const QString refusal = browserRefusal(r); !refusal.isEmpty())
        return HttpResponse::problem(403, QStringLiteral("forbidden"), refusal);
    const QString &p = r.path;
    const bool get = r.method == "GET" || r.method == "HEAD";
    const bool post = r.method == "POST";
    if (get && p == QLatin1String("/control/state"))
        return state();
    if (get && p == QLatin1String("/control/faults"))
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("faults"), s_.faults().toJson()}});
    if (post && p == QLatin1String("/control/faults"))
        return setFaults(r);
    if (post && p == QLatin1String("/control/commands"))
        return queueCommand(r);
    if (get && p == QLatin1String("/control/commands"))
        return listCommands();
    if (get && p == QLatin1String("/control/submissions"))
        return submissions();
    if (get && p == QLatin1String("/control/submissions/ids"))
        return submissionIds();
    if (get && p == QLatin1String("/control/evaluations"))
        return evaluations();
    if (get && p == QLatin1String("/control/deviations"))
        return deviations();
    if (get && p == QLatin1String("/control/requests")) {
        const qint64 since = r.query.queryItemValue(QStringLiteral("since")).toLongLong();
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("requests"), s_.requests(since)},
                                                   {QStringLiteral("last_seq"), s_.requestCount()}});
    }
    if (p == QLatin1String("/control/payments") || p.startsWith(QLatin1String("/control/payments/")))
        return payments(r);
    if (post && p == QLatin1String("/control/reset")) {
        const QString why = s_.reset();
        if (!why.isEmpty())
            return HttpResponse::problem(500, QStringLiteral("internal"), why);
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("reset"), true}});
    }
    if (post && p == QLatin1String("/control/catalogue"))
        return updateCatalogue(r);
    if (post && p == QLatin1String("/control/keys/rotate"))
        return rotateKey(r);
    if (post && p == QLatin1String("/control/cases/status"))
        return setCaseStatus(r);
    if (post && p == QLatin1String("/control/config"))
        return setConfig(r);
    if (get && (p == QLatin1String("/fleet") || p == QLatin1String("/")))
        return fleet();
    return bad(404, QStringLiteral("no control route %1 %2 (see offline_queue/sandbox/README.md)")
                        .arg(QString::fromLatin1(r.method), p));
}

HttpResponse ControlApi::state()
{
    StoreError err;
    auto count = [&](const char *sql) {
        const auto row = s_.db().queryOne(sql, {}, "i", &err);
        return row ? row->value(0).toLongLong() : 0;
    };
    QJsonArray keys;
    for (const PlatformKeyRecord &k : s_.keys())
        keys.append(QJsonObject{{QStringLiteral("key_id"), k.keyId},
                                {QStringLiteral("current"), k.current},
                                {QStringLiteral("origin"), k.origin}});
    QJsonArray heartbeats;
    for (const Row &h : s_.db().query("SELECT kiosk_id, received_at, count, body FROM heartbeats ORDER BY kiosk_id", {},
                                      "tiit", &err)) {
        heartbeats.append(QJsonObject{{QStringLiteral("kiosk_id"), h[0].toString()},
                                      {QStringLiteral("received_at"), h[1].toString()},
                                      {QStringLiteral("count"), h[2].toLongLong()},
                                      {QStringLiteral("heartbeat"), parsedJson(h[3].toString())}});
    }
    QJsonArray anchors;
    for (const Row &a : s_.db().query("SELECT kiosk_id, seq, head_hash, received_at FROM anchors a WHERE seq = "
                                      "(SELECT MAX(seq) FROM anchors b WHERE b.kiosk_id = a.kiosk_id)",
                                      {}, "titt", &err)) {
        anchors.append(QJsonObject{{QStringLiteral("kiosk_id"), a[0].toString()},
                                   {QStringLiteral("seq"), a[1].toLongLong()},
                                   {QStringLiteral("head_hash"), a[2].toString()},
                                   {QStringLiteral("received_at"), a[3].toString()}});
    }
    const QJsonObject counts{
        {QStringLiteral("submissions"), count("SELECT COUNT(*) FROM submissions")},
        {QStringLiteral("blobs"), count("SELECT COUNT(*) FROM blobs")},
        {QStringLiteral("evaluations"), count("SELECT COUNT(*) FROM evaluations")},
        {QStringLiteral("anchors"), count("SELECT COUNT(*) FROM anchors")},
        {QStringLiteral("heartbeats"), count("SELECT COALESCE(SUM(count), 0) FROM heartbeats")},
        {QStringLiteral("commands_pending"), count("SELECT COUNT(*) FROM commands WHERE delivered_at IS NULL")},
        {QStringLiteral("requests"), s_.requestCount()}};
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("url"), apiUrl_},
                         {QStringLiteral("control"), controlUrl_},
                         {QStringLiteral("default_kiosk_id"), s_.defaultKioskId()},
                         {QStringLiteral("current_key_id"), s_.currentKey() ? s_.currentKey()->keyId : QString()},
                         {QStringLiteral("keys"), keys},
                         {QStringLiteral("catalogue_version"), s_.catalogue().version()},
                         {QStringLiteral("config_version"), s_.options().configVersion},
                         {QStringLiteral("advance_seconds"), s_.options().advanceSeconds},
                         {QStringLiteral("token_ttl_seconds"), s_.options().tokenTtlSeconds},
                         {QStringLiteral("faults"), s_.faults().toJson()},
                         {QStringLiteral("counts"), counts},
                         {QStringLiteral("heartbeats"), heartbeats},
                         {QStringLiteral("anchors"), anchors}});
}

HttpResponse ControlApi::setFaults(const HttpRequest &r)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
    if (!body)
        return error;
    const QString mode = body->value(QLatin1String("mode")).toString(QStringLiteral("replace"));
    if (mode != QLatin1String("replace") && mode != QLatin1String("add"))
        return bad(400, QStringLiteral("mode is 'replace' (default) or 'add'"));
    QJsonArray list;
    if (body->value(QLatin1String("faults")).isArray())
        list = body->value(QLatin1String("faults")).toArray();
    else if (body->contains(QLatin1String("fault")))
        list.append(body->value(QLatin1String("fault")));
    else
        return bad(400, QStringLiteral("give {\"faults\":[...]} (an empty list clears) or {\"fault\":{...}}"));
    QList<FaultRule> rules;
    for (const QJsonValue v : list) {
        QString why;
        const std::optional<FaultRule> rule = FaultRule::fromJson(v.toObject(), &why);
        if (!v.isObject() || !rule)
            return bad(400, why.isEmpty() ? QStringLiteral("each fault is an object") : why);
        rules.append(*rule);
    }
    if (mode == QLatin1String("replace"))
        s_.faults().clear();
    for (const FaultRule &rule : rules)
        s_.faults().add(rule);
    qCInfo(lcControl) << "faults now" << QJsonDocument(s_.faults().toJson()).toJson(QJsonDocument::Compact);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("faults"), s_.faults().toJson()}});
}

HttpResponse ControlApi::queueCommand(const HttpRequest &r)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
    if (!body)
        return error;
    const QString name = body->value(QLatin1String("name")).toString();
    const QString kioskId = body->value(QLatin1String("kiosk_id")).toString(s_.defaultKioskId());
    QString id = body->value(QLatin1String("id")).toString();
    if (id.isEmpty())
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (name.isEmpty() || kioskId.isEmpty())
        return bad(400, QStringLiteral("give {\"name\": refresh_catalogue|sync_now|send_selftest (any name is "
                                       "queued, so unknown ones can be tested), \"kiosk_id\"?, \"id\"?}"));
    const StoreError err = s_.db().exec("INSERT INTO commands (id, kiosk_id, name, queued_at) VALUES (?, ?, ?, ?)",
                                        {id, kioskId, name, rfc3339Utc(s_.now())});
    if (err.code == queue::StoreErrorCode::Constraint)
        return bad(400, QStringLiteral("command id %1 exists").arg(id));
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(
        201,
        QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("kiosk_id"), kioskId}, {QStringLiteral("name"), name}});
}

HttpResponse ControlApi::listCommands()
{
    StoreError err;
    QJsonArray out;
    for (const Row &c : s_.db().query("SELECT id, kiosk_id, name, queued_at, delivered_at FROM commands ORDER BY seq",
                                      {}, "ttttt", &err)) {
        out.append(QJsonObject{{QStringLiteral("id"), c[0].toString()},
                               {QStringLiteral("kiosk_id"), c[1].toString()},
                               {QStringLiteral("name"), c[2].toString()},
                               {QStringLiteral("queued_at"), c[3].toString()},
                               {QStringLiteral("delivered_at"), c[4].isNull() ? QJsonValue() : c[4].toString()}});
    }
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("commands"), out}});
}

// Only the ids and replay counts: no blob is opened and no case advanced, so it stays quick at many thousands of
// submissions (the kill -9 harness polls it).
HttpResponse ControlApi::submissionIds()
{
    StoreError err;
    QJsonArray out;
    for (const Row &s : s_.db().query("SELECT id, replays FROM submissions ORDER BY seq", {}, "ti", &err))
        out.append(
            QJsonObject{{QStringLiteral("id"), s[0].toString()}, {QStringLiteral("replays"), s[1].toLongLong()}});
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("submissions"), out}});
}

HttpResponse ControlApi::submissions()
{
    StoreError err;
    const QList<Row> rows = s_.db().query("SELECT case_no FROM submissions ORDER BY seq", {}, "t", &err);
    for (const Row &row : rows)
        s_.advanceCase(row[0].toString());
    QJsonArray out;
    for (const Row &s : s_.db().query("SELECT id, kiosk_id, local_no, case_no, item_code, item_version, key_id, "
                                      "created_at, received_at, status, promised_date, payload, envelope, replays "
                                      "FROM submissions ORDER BY seq",
                                      {}, "tttttittttttbi", &err)) {
        const QByteArray envelope = s[12].toByteArray();
        const QJsonObject env = QJsonDocument::fromJson(envelope).object();
        QJsonArray blobs;
        for (const QJsonValue v : env.value(QLatin1String("blobs")).toArray()) {
            QJsonObject b = v.toObject();
            const QString sha = b.value(QLatin1String("sha256")).toString();
            QFile f(s_.blobPath(sha));
            const bool present = f.open(QIODevice::ReadOnly);
            b.insert(QStringLiteral("present"), present);
            if (present) {
                const auto opened = s_.blobOpener().openBlob(f.readAll(), sha);
                b.insert(QStringLiteral("opens"), opened.isOk());
                if (opened.isOk()) {
                    b.insert(QStringLiteral("plaintext_sha256"), queue::sha256Hex(opened.value));
                    b.insert(QStringLiteral("plaintext_size"), qint64(opened.value.size()));
                } else {
                    b.insert(QStringLiteral("open_error"), opened.error.message);
                }
            }
            blobs.append(b);
        }
        out.append(QJsonObject{{QStringLiteral("id"), s[0].toString()},
                               {QStringLiteral("kiosk_id"), s[1].toString()},
                               {QStringLiteral("local_no"), s[2].toString()},
                               {QStringLiteral("case_no"), s[3].toString()},
                               {QStringLiteral("item_code"), s[4].toString()},
                               {QStringLiteral("item_version"), s[5].toLongLong()},
                               {QStringLiteral("key_id"), s[6].toString()},
                               {QStringLiteral("created_at"), s[7].toString()},
                               {QStringLiteral("received_at"), s[8].toString()},
                               {QStringLiteral("status"), s[9].toString()},
                               {QStringLiteral("promised_date"), s[10].toString()},
                               {QStringLiteral("payload"), parsedJson(s[11].toString())},
                               {QStringLiteral("blobs"), blobs},
                               {QStringLiteral("envelope_sha256"), queue::sha256Hex(envelope)},
                               {QStringLiteral("replays"), s[13].toLongLong()}});
    }
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("submissions"), out}});
}

HttpResponse ControlApi::evaluations()
{
    StoreError err;
    QJsonArray out;
    for (const Row &e :
         s_.db().query("SELECT kiosk_id, received_at, body FROM evaluations ORDER BY seq", {}, "ttt", &err)) {
        out.append(QJsonObject{{QStringLiteral("kiosk_id"), e[0].toString()},
                               {QStringLiteral("received_at"), e[1].toString()},
                               {QStringLiteral("evaluation"), parsedJson(e[2].toString())}});
    }
    if (!err.isOk())
        return storeFailure(err);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("evaluations"), out}});
}

HttpResponse ControlApi::updateCatalogue(const HttpRequest &r)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
    if (!body)
        return error;
    QStringList removals;
    for (const QJsonValue v : body->value(QLatin1String("remove")).toArray())
        removals.append(v.toString());
    QString why;
    if (!s_.catalogue().update(body->value(QLatin1String("upsert")).toArray(), removals, &why))
        return bad(400, why);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("version"), s_.catalogue().version()},
                                               {QStringLiteral("items"), s_.catalogue().itemCount()}});
}

HttpResponse ControlApi::rotateKey(const HttpRequest &r)
{
    int bits = 3072;
    if (!r.body.isEmpty()) {
        HttpResponse error;
        const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
        if (!body)
            return error;
        if (body->contains(QLatin1String("bits"))) {
            const std::optional<qint64> b = wholeNumber(body->value(QLatin1String("bits")), 2048, 8192);
            if (!b)
                return bad(400, QStringLiteral("bits must be 2048..8192"));
            bits = int(*b);
        }
    }
    QString why;
    const QString keyId = s_.rotateKey(bits, &why);
    if (keyId.isEmpty())
        return HttpResponse::problem(500, QStringLiteral("internal"), why);
    QJsonArray retired;
    for (const PlatformKeyRecord &k : s_.keys()) {
        if (!k.current)
            retired.append(k.keyId);
    }
    return HttpResponse::json(200,
                              QJsonObject{{QStringLiteral("key_id"), keyId}, {QStringLiteral("retired"), retired}});
}

HttpResponse ControlApi::setCaseStatus(const HttpRequest &r)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
    if (!body)
        return error;
    static const QStringList statuses{QStringLiteral("queued"),    QStringLiteral("received"),
                                      QStringLiteral("accepted"),  QStringLiteral("in_review"),
                                      QStringLiteral("need_more"), QStringLiteral("approved"),
                                      QStringLiteral("rejected"),  QStringLiteral("delivered")};
    const QString caseNo = body->value(QLatin1String("case_no")).toString();
    const QString status = body->value(QLatin1String("status")).toString();
    const QString note = body->value(QLatin1String("note")).toString(QStringLiteral("set by the control endpoint"));
    if (!statuses.contains(status))
        return bad(400, QStringLiteral("status must be one of %1").arg(statuses.join('|')));
    StoreError err = s_.advanceCase(caseNo);
    queue::Transaction tx(s_.db().store());
    if (err.isOk())
        err = tx.beginError();
    const auto last = err.isOk()
                          ? s_.db().queryOne("SELECT MAX(step) FROM timeline WHERE case_no = ?", {caseNo}, "i", &err)
                          : std::nullopt;
    if (!last || last->value(0).isNull()) {
        if (!err.isOk())
            return storeFailure(err);
        return bad(404, QStringLiteral("no case %1").arg(caseNo));
    }
    // A status set by hand stops the automatic timeline: the case stays where it was put.
    err = s_.db().exec("INSERT INTO timeline (case_no, step, at, status, note) VALUES (?, ?, ?, ?, ?)",
                       {caseNo, last->value(0).toLongLong() + 1, rfc3339Utc(s_.now()), status, note});
    if (err.isOk())
        err = s_.db().exec("UPDATE submissions SET status = ?, auto_advance = 0 WHERE case_no = ?", {status, caseNo});
    if (err.isOk())
        err = tx.commit();
    if (!err.isOk())
        return storeFailure(err);
    const std::optional<QJsonObject> c = s_.caseJson(caseNo, &err);
    return HttpResponse::json(200, c.value_or(QJsonObject{}));
}

HttpResponse ControlApi::setConfig(const HttpRequest &r)
{
    HttpResponse error;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &error);
    if (!body)
        return error;
    const struct {
        const char *name;
        qint64 min;
        qint64 max;
    } known[] = {
        {"config_version", 0, queue::kMaxSafeInteger}, {"advance_seconds", 0, 86400}, {"token_ttl_seconds", 1, 86400}};
    for (auto it = body->begin(); it != body->end(); ++it) {
        const auto k = std::find_if(std::begin(known), std::end(known),
                                    [&](const auto &x) { return it.key() == QLatin1String(x.name); });
        if (k == std::end(known))
            return bad(400, QStringLiteral("unknown setting '%1' (config_version, advance_seconds, token_ttl_seconds)")
                                .arg(it.key()));
        const std::optional<qint64> v = wholeNumber(it.value(), k->min, k->max);
        if (!v)
            return bad(400, QStringLiteral("%1 must be an integer %2..%3").arg(it.key()).arg(k->min).arg(k->max));
        if (it.key() == QLatin1String("config_version"))
            s_.options().configVersion = *v;
        else if (it.key() == QLatin1String("advance_seconds"))
            s_.options().advanceSeconds = int(*v);
        else
            s_.options().tokenTtlSeconds = int(*v);
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("config_version"), s_.options().configVersion},
                                               {QStringLiteral("advance_seconds"), s_.options().advanceSeconds},
                                               {QStringLiteral("token_ttl_seconds"), s_.options().tokenTtlSeconds}});
}

HttpResponse ControlApi::fleet()
{
    StoreError err;
    QList<FleetKiosk> kiosks;
    for (const Row &h : s_.db().query("SELECT h.kiosk_id, h.received_at, h.count, h.body, t.report, t.verified, "
                                      "t.problem, t.received_at FROM heartbeats h "
                                      "LEFT JOIN selftests t ON t.kiosk_id = h.kiosk_id ORDER BY h.kiosk_id",
                                      {}, "ttittitt", &err)) {
        FleetKiosk k;
        k.kioskId = h[0].toString();
        k.lastSeen = QDateTime::fromString(h[1].toString(), Qt::ISODate);
        k.heartbeats = h[2].toLongLong();
        k.heartbeat = QJsonDocument::fromJson(h[3].toString().toUtf8()).object();
        if (!h[4].isNull()) {
            k.selftest = QJsonDocument::fromJson(h[4].toString().toUtf8()).object();
            k.selftestVerified = h[5].toLongLong() != 0;
            k.selftestProblem = h[6].toString();
            k.selftestReceived = QDateTime::fromString(h[7].toString(), Qt::ISODate);
        }
        kiosks.append(k);
    }
    if (!err.isOk())
        return storeFailure(err);
    HttpResponse resp;
    resp.status = 200;
    resp.body = renderFleetPage(kiosks, s_.now()).toUtf8();
    resp.setHeader("Content-Type", "text/html; charset=utf-8");
    // No script, no outside resources, not framed by another site.
    resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Cache-Control", "no-store");
    return resp;
}

HttpResponse ControlApi::deviations()
{
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("deviations"), s_.checker().deviations()},
                                               {QStringLiteral("count"), s_.checker().count()}});
}

// GET /control/payments: every order (no payer code: none is kept). POST /control/payments/{pay|fail|expire}
// {"payment_id", "detail"?}: what the payer (or the clock) does. POST /control/payments/config {"poll_after_s",
// "ttl_s", "payer_code_mode": paid|pending|failed}.
HttpResponse ControlApi::payments(const HttpRequest &r)
{
    SandboxPayments &pay = s_.payments();
    const QString action = r.path.mid(int(qstrlen("/control/payments/")));
    if ((r.method == "GET" || r.method == "HEAD") && r.path == QLatin1String("/control/payments"))
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("payments"), pay.list()}});
    if (r.method != "POST")
        return bad(405, QStringLiteral("POST /control/payments/{pay|fail|expire|config}"));
    HttpResponse badBody;
    const std::optional<QJsonObject> body = jsonObjectBody(r, &badBody);
    if (!body)
        return badBody;
    if (action == QLatin1String("config")) {
        const QString why = pay.configure(*body);
        if (!why.isEmpty())
            return bad(400, why);
        const SandboxPayments::Settings st = pay.settings();
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("poll_after_s"), st.pollAfterS},
                                                   {QStringLiteral("ttl_s"), st.ttlS},
                                                   {QStringLiteral("payer_code_mode"), st.payerCodeMode}});
    }
    const QString id = body->value(QLatin1String("payment_id")).toString();
    QString why;
    if (action == QLatin1String("pay"))
        why = pay.pay(id);
    else if (action == QLatin1String("fail"))
        why = pay.fail(id, body->value(QLatin1String("detail")).toString());
    else if (action == QLatin1String("expire"))
        why = pay.expire(id);
    else
        return bad(404, QStringLiteral("no such payment action: %1").arg(action));
    if (!why.isEmpty())
        return bad(why.startsWith(QLatin1String("no payment")) ? 404 : 409, why);
    qCInfo(lcControl).noquote() << "payment" << id << action;
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("payment_id"), id}, {QStringLiteral("done"), action}});
}

} // namespace kiosk::sandbox
