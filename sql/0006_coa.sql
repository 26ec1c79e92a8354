-- Disconnect-Request and CoA-Request sent to NAS devices (RFC 5176) and how
-- each ended: ack, nak (with Error-Cause) or timeout.
CREATE TABLE coa_requests (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL,
    nas_id      INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('disconnect', 'coa')),
    reason      TEXT NOT NULL,
    sent_at     INTEGER NOT NULL,
    finished_at INTEGER,
    result      TEXT CHECK (result IN ('ack', 'nak', 'timeout', 'error')),
    error_cause INTEGER,
    sends       INTEGER
);
CREATE INDEX coa_requests_session ON coa_requests (session_id);
