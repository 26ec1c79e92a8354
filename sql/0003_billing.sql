-- Billing: plans and their frozen versions, voucher batches and tickets,
-- accounts with their devices, sessions, usage records (CDRs), invoice lines.
-- Money in minor units of the plan's currency; times UTC epoch seconds.

-- A plan's identity and what may change in place (name, code, flags).
CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    location_id     INTEGER NOT NULL DEFAULT 1 REFERENCES locations (id),
    name            TEXT NOT NULL,
    code            TEXT NOT NULL DEFAULT '',
    quick_ticket    INTEGER NOT NULL DEFAULT 0 CHECK (quick_ticket IN (0, 1)),
    smartconnect    INTEGER NOT NULL DEFAULT 0 CHECK (smartconnect IN (0, 1)),
    sold_on_portal  INTEGER NOT NULL DEFAULT 0 CHECK (sold_on_portal IN (0, 1)),
    current_version INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    retired_at      INTEGER
);
-- one live plan of a name per location; retired ones keep theirs
CREATE UNIQUE INDEX plans_live_name ON plans (location_id, name) WHERE retired_at IS NULL;

-- The terms of each version, frozen once written (JSON, see docs/api.md).
CREATE TABLE plan_versions (
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    version    INTEGER NOT NULL,
    payment    TEXT NOT NULL,
    measure    TEXT NOT NULL,
    price      INTEGER NOT NULL,
    currency   TEXT NOT NULL,
    terms      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, version)
);

CREATE TABLE voucher_batches (
    id           INTEGER PRIMARY KEY,
    location_id  INTEGER NOT NULL DEFAULT 1 REFERENCES locations (id),
    plan_id      INTEGER NOT NULL,
    plan_version INTEGER NOT NULL,
    prefix       TEXT NOT NULL DEFAULT '',
    length       INTEGER NOT NULL,
    charset      TEXT NOT NULL,
    count        INTEGER NOT NULL,
    pin_length   INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);

-- A ticket. It becomes an account at its first login.
CREATE TABLE vouchers (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER REFERENCES voucher_batches (id),
    code         TEXT NOT NULL UNIQUE,
    pin          TEXT,
    plan_id      INTEGER NOT NULL,
    plan_version INTEGER NOT NULL,
    state        TEXT NOT NULL DEFAULT 'unused'
                 CHECK (state IN ('unused', 'active', 'depleted', 'expired', 'revoked')),
    account_id   INTEGER REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    first_used_at INTEGER,
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);
CREATE INDEX vouchers_batch ON vouchers (batch_id);
CREATE INDEX vouchers_created ON vouchers (created_at);

-- Who may log in, and the billing state the core works on (JSON: validity,
-- buckets in priority order, fair-use state, postpaid ledger).
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL DEFAULT 1 REFERENCES locations (id),
    kind          TEXT NOT NULL CHECK (kind IN ('voucher', 'user', 'mobile')),
    username      TEXT UNIQUE,          -- voucher code, username, or E.164 number
    -- a guest ticket's password is printed on the ticket like a voucher code
    -- and RADIUS CHAP needs it in clear, so it is kept as it is (never an
    -- admin's password: those are hashed, see admin_users)
    password      TEXT,
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    plan_id       INTEGER NOT NULL,
    plan_version  INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    state         TEXT NOT NULL,
    valid_until   INTEGER,              -- end of validity, for lists and purging
    purge_at      INTEGER,
    created_at    INTEGER NOT NULL,
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);
CREATE INDEX accounts_purge ON accounts (purge_at) WHERE purge_at IS NOT NULL;

-- Bucket ids are unique across accounts (usage records name them).
CREATE TABLE bucket_ids (id INTEGER PRIMARY KEY);

-- Devices bound to an account for automatic re-login (one account per MAC).
CREATE TABLE account_devices (
    mac        TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    bound_at   INTEGER NOT NULL,
    last_seen  INTEGER
);
CREATE INDEX account_devices_account ON account_devices (account_id);

CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mac             TEXT,
    ip              TEXT,
    nas_id          INTEGER,            -- NULL for the local data plane
    nas_addr        TEXT,               -- where the NAS's requests came from (for CoA)
    acct_session_id TEXT,               -- the NAS's Acct-Session-Id
    started_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    stopped_at      INTEGER,
    stop_cause      TEXT,
    seconds         INTEGER NOT NULL DEFAULT 0,
    bytes_up        INTEGER NOT NULL DEFAULT 0,
    bytes_down      INTEGER NOT NULL DEFAULT 0,
    charge          INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL       -- the billing core's session (JSON)
);
CREATE INDEX sessions_online ON sessions (account_id) WHERE stopped_at IS NULL;
CREATE UNIQUE INDEX sessions_nas_id ON sessions (nas_id, acct_session_id) WHERE acct_session_id IS NOT NULL;

-- One per session stop and per rate or bucket switch (the CDRs).
CREATE TABLE usage_records (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    plan_id      INTEGER NOT NULL,
    plan_version INTEGER NOT NULL,
    bucket_id    INTEGER,
    rate         INTEGER NOT NULL,      -- -1 base rate, else the schedule
    start_at     INTEGER NOT NULL,
    stop_at      INTEGER NOT NULL,
    seconds      INTEGER NOT NULL,
    bytes_up     INTEGER NOT NULL,
    bytes_down   INTEGER NOT NULL,
    charge       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    cause        TEXT NOT NULL,
    stop_cause   TEXT
);
CREATE INDEX usage_records_stop ON usage_records (stop_at);
CREATE INDEX usage_records_account ON usage_records (account_id);

-- Postpaid charges closed at checkout (for the bill or the hotel PMS).
CREATE TABLE invoice_lines (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    plan_code  TEXT NOT NULL,
    currency   TEXT NOT NULL,
    from_at    INTEGER NOT NULL,
    to_at      INTEGER NOT NULL,
    seconds    INTEGER NOT NULL,
    bytes      INTEGER NOT NULL,
    sessions   INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- where a ticket's QR code points: the portal's login with the code filled in
INSERT INTO settings (key, value) VALUES ('voucher_url', 'http://192.0.2.1/login?code={code}');
