-- Login throttling counts attempts before the password check (a full window refuses logins until it ends),
-- so the separate block column is gone; expired rows are purged on a schedule, hence the indexes.
ALTER TABLE login_throttle DROP COLUMN blocked_until;

CREATE INDEX ix_login_throttle_window ON login_throttle (window_started_at);
CREATE INDEX ix_refresh_families_expires ON refresh_families (absolute_expires_at);
CREATE INDEX ix_refresh_families_revoked ON refresh_families (revoked_at);
