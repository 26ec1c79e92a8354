-- Every login asks for the device's running session (a device logging in
-- again replaces it); without an index that is a scan of every running
-- session, which at controller scale (RADIUS logins from many NAS devices)
-- made each login cost more than the one before.
CREATE INDEX sessions_mac_online ON sessions (mac) WHERE stopped_at IS NULL;

-- A voucher's first login marks it active by its account (and depletion
-- follows it the same way): without this, a scan of every voucher.
CREATE INDEX vouchers_account ON vouchers (account_id) WHERE account_id IS NOT NULL;
