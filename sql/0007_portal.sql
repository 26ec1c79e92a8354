-- The guest portal: OTP challenges (hashed), failed logins for the lockout,
-- click-through use, orders and the payment notifications that settled them,
-- and per-location portal settings (the access code of the day).

-- One SMS code sent to a number for a device. Only a keyed hash of the code
-- is kept (HMAC-SHA256 with the portal secret over number and code).
CREATE TABLE portal_otp (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL,          -- E.164
    mac         TEXT NOT NULL,
    code_hash   TEXT NOT NULL,          -- hex
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    used_at     INTEGER,
    failed      INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1))  -- SMS not delivered
);
CREATE INDEX portal_otp_phone ON portal_otp (phone, created_at);
CREATE INDEX portal_otp_mac ON portal_otp (mac, created_at);

-- Failed portal logins by device; 10 within 10 minutes lock the device out.
CREATE TABLE portal_failures (
    mac TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX portal_failures_mac ON portal_failures (mac, at);

-- Click-through logins per device and local day.
CREATE TABLE portal_clicks (
    mac   TEXT NOT NULL,
    day   TEXT NOT NULL,                -- YYYY-MM-DD in the location's time zone
    count INTEGER NOT NULL,
    PRIMARY KEY (mac, day)
);

-- A package bought on the portal.
CREATE TABLE portal_orders (
    id           INTEGER PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,  -- short, read out at the front desk
    provider     TEXT NOT NULL CHECK (provider IN ('front-desk', 'webhook')),
    location_id  INTEGER NOT NULL DEFAULT 1 REFERENCES locations (id),
    plan_id      INTEGER NOT NULL,
    plan_version INTEGER NOT NULL,
    price        INTEGER NOT NULL,      -- minor units
    currency     TEXT NOT NULL,
    mac          TEXT NOT NULL,
    ip           TEXT,
    account_id   INTEGER REFERENCES accounts (id),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'cancelled')),
    created_at   INTEGER NOT NULL,
    paid_at      INTEGER,
    paid_by      TEXT,                  -- staff user or the provider
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);
CREATE INDEX portal_orders_mac ON portal_orders (mac, created_at);

-- Payment notifications accepted from a provider; a transaction id is
-- accepted once (replays are refused).
CREATE TABLE portal_payments (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES portal_orders (id),
    provider    TEXT NOT NULL,
    txn_id      TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    UNIQUE (provider, txn_id)
);

-- Per-location portal settings changed at run time (access code of the day).
CREATE TABLE portal_settings (
    location_id INTEGER NOT NULL REFERENCES locations (id),
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (location_id, key)
);
