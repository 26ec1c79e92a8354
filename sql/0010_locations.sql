-- Locations (venues) get their own branding: the name guests see on the
-- portal and on printed tickets, the portal template, and the currency new
-- plans there start with. Empty means "as configured for the whole system"
-- (settings venue_name and currency, [portal] template).
ALTER TABLE locations ADD COLUMN venue_name TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN currency TEXT NOT NULL DEFAULT ''
    CHECK (currency = '' OR (length(currency) = 3 AND currency = upper(currency)));

-- lists of accounts per location, and the check that a location is unused
-- before it is removed, look accounts up by location
CREATE INDEX accounts_location ON accounts (location_id);
