-- Settings and locations: what every later table hangs off.

-- Key/value settings an admin can change at run time (currency, venue name, ...).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);

INSERT INTO settings (key, value) VALUES
    ('currency', 'EUR'),
    ('venue_name', 'spotgate');

-- A venue. Plans, vouchers and portal branding belong to one; its IANA time
-- zone decides "until end of day", calendar-month cycles and time-of-day rates.
CREATE TABLE locations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    timezone   TEXT NOT NULL DEFAULT 'UTC',
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);

INSERT INTO locations (id, name, timezone) VALUES (1, 'default', 'UTC');
