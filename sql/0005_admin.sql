-- Administration: admin users with roles, their login sessions, and the
-- audit log of every change made through the admin API.

-- People who administer spotgate. An operator (receptionist) works for one
-- location; admins and auditors see every location.
CREATE TABLE admin_users (
    id          INTEGER PRIMARY KEY,
    username    TEXT NOT NULL UNIQUE COLLATE NOCASE
                CHECK (length(username) BETWEEN 1 AND 64),
    role        TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'auditor')),
    location_id INTEGER REFERENCES locations (id),
    -- scrypt, "$scrypt$ln=15,r=8,p=3$salt$hash" (see userspace/auth/password.h)
    password    TEXT NOT NULL,
    disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    CHECK ((role = 'operator') = (location_id IS NOT NULL))
);

-- A logged-in browser or script. The cookie holds a random token; only its
-- SHA-256 is kept, so a copy of the database does not log anyone in.
CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES admin_users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,      -- absolute end, whatever the activity
    last_seen  INTEGER NOT NULL,      -- idle expiry counts from here
    ip         TEXT NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- Who changed what, when and from where. Never passwords or secrets: the
-- summary is the request body with those fields masked.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    username TEXT NOT NULL,           -- 'local' for the Unix socket
    role     TEXT NOT NULL DEFAULT '',
    peer     TEXT NOT NULL,           -- the client's address, or 'local'
    method   TEXT NOT NULL,
    path     TEXT NOT NULL,
    status   INTEGER NOT NULL,
    summary  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (username, at);
-- failed logins, counted for rate limiting
CREATE INDEX audit_log_login_peer ON audit_log (peer, at)
    WHERE path = '/api/v1/session' AND status = 401;
CREATE INDEX audit_log_login_user ON audit_log (username, at)
    WHERE path = '/api/v1/session' AND status = 401;
