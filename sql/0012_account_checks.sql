-- The account kind and status rules written as comparisons, as 0011 did for
-- vouchers: SQLite evaluates "kind IN (three values)" through an ephemeral
-- index it builds again on every INSERT, 12 % of the instructions of a
-- voucher's first use (which makes the account). SQLite cannot change a CHECK
-- in place, so the table is rebuilt with the same rows and ids. Sessions,
-- devices, vouchers, orders and invoice lines refer to accounts by name and
-- find the new table; the migration runs with foreign keys off, so dropping
-- the old table deletes nothing, and db_migrate checks every reference before
-- it commits.
CREATE TABLE accounts_new (
    id            INTEGER PRIMARY KEY,
    location_id   INTEGER NOT NULL DEFAULT 1 REFERENCES locations (id),
    kind          TEXT NOT NULL CHECK (kind = 'voucher' OR kind = 'user' OR kind = 'mobile'),
    username      TEXT UNIQUE,          -- voucher code, username, or E.164 number
    -- a guest ticket's password is printed on the ticket like a voucher code
    -- and RADIUS CHAP needs it in clear, so it is kept as it is (never an
    -- admin's password: those are hashed, see admin_users)
    password      TEXT,
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL DEFAULT '',
    plan_id       INTEGER NOT NULL,
    plan_version  INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'suspended'),
    state         TEXT NOT NULL,
    valid_until   INTEGER,              -- end of validity, for lists and purging
    purge_at      INTEGER,
    created_at    INTEGER NOT NULL,
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);
INSERT INTO accounts_new (id, location_id, kind, username, password, first_name, last_name, plan_id,
                          plan_version, status, state, valid_until, purge_at, created_at)
    SELECT id, location_id, kind, username, password, first_name, last_name, plan_id, plan_version,
           status, state, valid_until, purge_at, created_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_purge ON accounts (purge_at) WHERE purge_at IS NOT NULL;
CREATE INDEX accounts_location ON accounts (location_id);
