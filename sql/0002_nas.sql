-- RADIUS clients: access points, gateways and controllers (MikroTik, CoovaChilli,
-- UniFi, ...) that may send requests to spotgate's RADIUS server.
CREATE TABLE nas_clients (
    id                            INTEGER PRIMARY KEY,
    address                       TEXT NOT NULL UNIQUE,   -- canonical IP or CIDR
    name                          TEXT NOT NULL DEFAULT '',
    secret                        TEXT NOT NULL CHECK (length(secret) BETWEEN 1 AND 128),
    vendor                        TEXT NOT NULL CHECK (vendor IN ('generic', 'mikrotik', 'chilli')),
    coa_port                      INTEGER NOT NULL DEFAULT 3799 CHECK (coa_port BETWEEN 1 AND 65535),
    -- BlastRADIUS (CVE-2024-3596) settings, with FreeRADIUS 3.2.5's meanings
    require_message_authenticator INTEGER NOT NULL DEFAULT 1 CHECK (require_message_authenticator IN (0, 1)),
    limit_proxy_state             INTEGER NOT NULL DEFAULT 1 CHECK (limit_proxy_state IN (0, 1)),
    created_at                    INTEGER NOT NULL DEFAULT (strftime('%s', 'now'))
);
