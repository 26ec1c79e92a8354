-- The voucher state rule written as comparisons. SQLite evaluates
-- "state IN (five values)" through an ephemeral index it builds again on every
-- UPDATE that sets state: a page allocated and filled each time, 18 % of a
-- RADIUS voucher login. The same rule as ORs is evaluated in place. SQLite
-- cannot change a CHECK in place, so the table is rebuilt (nothing references
-- it; its indexes are made again).
CREATE TABLE vouchers_new (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER REFERENCES voucher_batches (id),
    code         TEXT NOT NULL UNIQUE,
    pin          TEXT,
    plan_id      INTEGER NOT NULL,
    plan_version INTEGER NOT NULL,
    state        TEXT NOT NULL DEFAULT 'unused'
                 CHECK (state = 'unused' OR state = 'active' OR state = 'depleted' OR
                        state = 'expired' OR state = 'revoked'),
    account_id   INTEGER REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    first_used_at INTEGER,
    FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
);
INSERT INTO vouchers_new (id, batch_id, code, pin, plan_id, plan_version, state, account_id,
                          created_at, first_used_at)
    SELECT id, batch_id, code, pin, plan_id, plan_version, state, account_id, created_at,
           first_used_at FROM vouchers;
DROP TABLE vouchers;
ALTER TABLE vouchers_new RENAME TO vouchers;
CREATE INDEX vouchers_batch ON vouchers (batch_id);
CREATE INDEX vouchers_created ON vouchers (created_at);
CREATE INDEX vouchers_account ON vouchers (account_id) WHERE account_id IS NOT NULL;
