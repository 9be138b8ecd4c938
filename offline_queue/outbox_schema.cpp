// The on-disk schema of the outbox and its DAOs (submissions, receipts, counters, blobs, submission_blobs,
// evaluations): versioned migrations for Store::open. A released step is never edited; a change is a new step.
#include "offline_queue/outbox.h"

namespace kiosk::queue {

namespace {

// Evaluations carry a score, reason codes and a comment the citizen was asked to keep free of personal data; they
// are queued like submissions (durably, sent exactly once by Idempotency-Key) and deleted once the platform has them.
const char kSchemaV2[] = R"sql(
CREATE TABLE evaluations (
    id          TEXT PRIMARY KEY NOT NULL,  -- UUID v4 = Idempotency-Key
    body        BLOB NOT NULL,              -- the exact JSON bytes sent
    state       TEXT NOT NULL CHECK (state IN ('pending', 'dead')),
    created_ms  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
)sql";

const char kSchemaV1[] = R"sql(
CREATE TABLE submissions (
    id                TEXT PRIMARY KEY NOT NULL,  -- UUID v4 = Idempotency-Key
    local_no          TEXT NOT NULL UNIQUE,
    item_code         TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'acked', 'dead')),
    created_wall      INTEGER NOT NULL,           -- UTC ms
    created_seq       INTEGER NOT NULL UNIQUE,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_mono INTEGER NOT NULL DEFAULT 0,
    lease_owner       TEXT,
    lease_until       INTEGER,
    last_error        TEXT,
    case_no           TEXT,
    acked_wall        INTEGER,
    envelope          BLOB                        -- last: the other columns never walk its overflow pages; NULL once purged
);
CREATE INDEX submissions_due ON submissions (state, next_attempt_mono, created_seq);
CREATE INDEX submissions_lease ON submissions (state, lease_until);
CREATE INDEX submissions_acked ON submissions (state, acked_wall);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,  -- of the sealed bytes
    size   INTEGER NOT NULL,
    sealed BLOB
);
CREATE TABLE submission_blobs (
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL REFERENCES blobs (sha256),
    ord           INTEGER NOT NULL,
    PRIMARY KEY (submission_id, ord)
);
CREATE INDEX submission_blobs_sha256 ON submission_blobs (sha256);
-- Non-personal: what a receipt printed offline refers to, kept after the sealed bytes are purged.
CREATE TABLE receipts (
    local_no  TEXT PRIMARY KEY NOT NULL,
    case_no   TEXT,
    item_code TEXT NOT NULL,
    created   INTEGER NOT NULL,
    acked     INTEGER
);
-- 'local_no:<yyyymmdd>' -> last sequence handed out that day; 'submission_seq' -> last created_seq.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
);
)sql";

} // namespace

QList<Migration> Outbox::migrations()
{
    return {{1, QStringLiteral("outbox: submissions, blobs, receipts, counters"), QByteArray(kSchemaV1)},
            {2, QStringLiteral("outbox: evaluations (好差评), not sealed: they hold no personal data"),
             QByteArray(kSchemaV2)}};
}

} // namespace kiosk::queue
