-- The last health check of each credential set (issue 13): one row per set at most, removed with the set.
-- set_version is the set's version when it was checked; a set changed since then reads "never checked".
CREATE TABLE credential_health (
    credential_set_id BIGINT                   NOT NULL PRIMARY KEY,
    set_version       BIGINT                   NOT NULL,
    ok                BOOLEAN                  NOT NULL,
    code              VARCHAR(64),
    checked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    latency_ms        BIGINT                   NOT NULL,
    CONSTRAINT fk_credential_health_set FOREIGN KEY (credential_set_id) REFERENCES credential_sets (id)
        ON DELETE CASCADE
);
