-- Refresh grace (API.md "POST /api/token/refresh", SECURITY.md item 12): a rotated refresh token presented
-- again within S3PANEL_REFRESH_GRACE answers with the same successor. The family row keeps what re-issues
-- that successor - its id (current_jti, already there), when it was issued and when it expires: signing
-- these claims again gives the same token, so no token is ever stored. previous_jti is the token it
-- replaced, rotated_at when. Portable between PostgreSQL 15 and H2 in PostgreSQL mode.
ALTER TABLE refresh_families ADD COLUMN previous_jti VARCHAR(64);
ALTER TABLE refresh_families ADD COLUMN rotated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE refresh_families ADD COLUMN current_issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE refresh_families ADD COLUMN current_expires_at TIMESTAMP WITH TIME ZONE;
