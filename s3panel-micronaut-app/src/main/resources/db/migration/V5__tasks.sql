-- One table for every kind of background task (statistics, batch object operations, exposure report).
-- Replaces stats_tasks: its rows are copied (finished ones as they were; a task still marked running
-- could not survive the upgrade, so it is copied as failed with a message), then stats_tasks is dropped.
CREATE TABLE tasks (
    id                    VARCHAR(64)              NOT NULL PRIMARY KEY,
    user_id               BIGINT                   NOT NULL,
    kind                  VARCHAR(16)              NOT NULL,
    credential_identifier VARCHAR(100),
    -- While the task is queued or running: what it works on (e.g. the statistics of one set), unique, so
    -- a second request for the same work finds this task instead of starting another. NULL once finished.
    active_key            VARCHAR(200),
    status                VARCHAR(16)              NOT NULL,
    params_json           TEXT,
    progress_json         TEXT,
    result_json           TEXT,
    message               VARCHAR(1000),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at            TIMESTAMP WITH TIME ZONE,
    finished_at           TIMESTAMP WITH TIME ZONE,
    owner_instance        VARCHAR(100),
    heartbeat_at          TIMESTAMP WITH TIME ZONE,
    cancel_requested      BOOLEAN                  NOT NULL DEFAULT FALSE,
    CONSTRAINT fk_tasks_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_tasks_kind CHECK (kind IN ('statistics', 'batch', 'exposure')),
    CONSTRAINT ck_tasks_status CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT uq_tasks_active_key UNIQUE (active_key)
);

CREATE INDEX ix_tasks_status_heartbeat ON tasks (status, heartbeat_at);
CREATE INDEX ix_tasks_user_created ON tasks (user_id, created_at);
CREATE INDEX ix_tasks_status_user ON tasks (status, user_id);
CREATE INDEX ix_tasks_owner_instance ON tasks (owner_instance, status);

INSERT INTO tasks (id, user_id, kind, credential_identifier, active_key, status, params_json, progress_json,
                   result_json, message, created_at, updated_at, started_at, finished_at, owner_instance,
                   heartbeat_at, cancel_requested)
SELECT id, user_id, 'statistics', credential_identifier, NULL,
       CASE WHEN status = 'running' THEN 'failed' ELSE status END,
       NULL,
       '{"buckets_done":' || CAST(buckets_done AS VARCHAR(20)) || ',"buckets_total":'
           || CAST(buckets_total AS VARCHAR(20)) || ',"objects_counted":' || CAST(objects_counted AS VARCHAR(20)) || '}',
       result_json,
       CASE WHEN status = 'running'
            THEN 'The server was upgraded while this task ran. Start the statistics again.'
            ELSE message END,
       created_at, updated_at, created_at, COALESCE(finished_at, updated_at), NULL, NULL, FALSE
FROM stats_tasks;

DROP TABLE stats_tasks;
