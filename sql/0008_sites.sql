-- The sites-visited log (hotEx: "log of all sites visited, report for security
-- agencies"): which device asked for which DNS name, when. Kept for
-- [sites] retention_days, then pruned.
CREATE TABLE sites_visited (
    id      INTEGER PRIMARY KEY,
    mac     TEXT NOT NULL,
    name    TEXT NOT NULL,
    seen_at INTEGER NOT NULL
);
CREATE INDEX sites_visited_seen ON sites_visited (seen_at);
CREATE INDEX sites_visited_mac ON sites_visited (mac, seen_at);
