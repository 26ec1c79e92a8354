-- The data plane's lists, kept here and written into the pinned BPF maps at start-up
-- and on every change: who is always allowed or always dropped, and what unauthorized
-- guests may reach (the walled garden).

-- Deny and allow list entries: a MAC address or an IP prefix. One entry per value:
-- allowing what was denied moves it (the list column changes).
CREATE TABLE acl_entries (
    id         INTEGER PRIMARY KEY,
    list       TEXT NOT NULL CHECK (list IN ('allow', 'deny')),
    kind       TEXT NOT NULL CHECK (kind IN ('mac', 'cidr')),
    value      TEXT NOT NULL,          -- "aa:bb:cc:dd:ee:ff" or canonical CIDR
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now')),
    UNIQUE (kind, value)
);

-- Walled garden: prefixes reachable before login, and domains ("example.com",
-- "*.example.com") whose addresses are learned from the DNS answers guests receive.
CREATE TABLE garden_entries (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('cidr', 'domain')),
    value      TEXT NOT NULL UNIQUE,   -- canonical CIDR or lowercase domain pattern
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);
