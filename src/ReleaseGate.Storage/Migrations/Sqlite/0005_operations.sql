-- Issue 20: operations. Scheduler leases say which instance runs a background job (operational rows: taken, renewed, expired);
-- webhook subscriptions and their outbox of deliveries; scheduled compliance runs, the findings they open, and escalations.
-- Nothing but a lease is ever deleted; runs, findings and deliveries only move forward; escalations are kept as written.
CREATE TABLE scheduler_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    -- Null: every workflow.
    workflow    TEXT,
    -- Set: a callback scoped to one release.
    release_id  INTEGER REFERENCES releases (id),
    url         TEXT NOT NULL,
    -- The event type words as a JSON array, as given; webhook_event_types holds one row per word for matching.
    events      TEXT NOT NULL,
    format      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    disabled_at TEXT,
    disabled_by TEXT
);

CREATE TABLE webhook_event_types (
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
    event      TEXT NOT NULL,
    PRIMARY KEY (webhook_id, event)
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id),
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    workflow        TEXT NOT NULL,
    release_id      INTEGER,
    subject         TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TEXT,
    -- An event is delivered once per subscription, however often it is enqueued.
    UNIQUE (webhook_id, event_id)
);
-- The deliverer claims the due pending deliveries; history stays out of it.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_state ON webhook_deliveries (state, id);

CREATE TABLE compliance_runs (
    id            INTEGER PRIMARY KEY,
    workflow      TEXT NOT NULL REFERENCES workflows (name),
    scheduled_for TEXT NOT NULL,
    run_trigger   TEXT NOT NULL CHECK (run_trigger IN ('schedule', 'manual')),
    instance      TEXT NOT NULL,
    actor         TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    releases      INTEGER NOT NULL,
    policies      INTEGER NOT NULL,
    violations    INTEGER NOT NULL,
    opened        INTEGER NOT NULL,
    resolved      INTEGER NOT NULL,
    error         TEXT
);
-- A scheduled run of a workflow happens once per scheduled time, whichever instance starts it; manual runs never collide.
CREATE UNIQUE INDEX compliance_runs_scheduled ON compliance_runs (workflow, scheduled_for) WHERE run_trigger = 'schedule';
CREATE INDEX compliance_runs_by_workflow ON compliance_runs (workflow, scheduled_for, id);

CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    workflow        TEXT NOT NULL REFERENCES workflows (name),
    release_id      INTEGER NOT NULL REFERENCES releases (id),
    policy          TEXT NOT NULL,
    rule_digest     TEXT NOT NULL,
    severity        TEXT NOT NULL,
    owner           TEXT NOT NULL,
    message         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    opened_run      INTEGER NOT NULL REFERENCES compliance_runs (id),
    opened_at       TEXT NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    ack_note        TEXT,
    resolved_by     TEXT,
    resolved_at     TEXT,
    resolution      TEXT,
    resolved_run    INTEGER REFERENCES compliance_runs (id),
    row_version     INTEGER NOT NULL
);
-- One unresolved finding per release and policy: the index decides between concurrent runs.
CREATE UNIQUE INDEX findings_unresolved ON findings (release_id, policy) WHERE state <> 'resolved';
CREATE INDEX findings_by_workflow ON findings (workflow, id);

CREATE TABLE escalations (
    id            INTEGER PRIMARY KEY,
    release_id    INTEGER NOT NULL REFERENCES releases (id),
    kind          TEXT NOT NULL CHECK (kind IN ('stage', 'review_item')),
    -- The stage name, or the review item's id as text.
    target        TEXT NOT NULL,
    to_group      TEXT NOT NULL,
    level         INTEGER NOT NULL,
    waiting_since TEXT NOT NULL,
    escalated_at  TEXT NOT NULL,
    reason        TEXT NOT NULL,
    -- Each level of one waiting period of a waiting thing escalates once (a stage pending again later waits anew); the
    -- review queue looks items up by release, kind and target.
    UNIQUE (release_id, kind, target, waiting_since, level)
);

-- Retention: subscriptions, deliveries, runs, findings and escalations are kept; what was written as a fact stays as written.
CREATE TRIGGER webhooks_no_delete BEFORE DELETE ON webhooks BEGIN SELECT RAISE(ABORT, 'webhook subscriptions are kept; disable them instead'); END;
CREATE TRIGGER webhooks_keep_definition BEFORE UPDATE OF id, workflow, release_id, url, events, format, secret, created_by, created_at
    ON webhooks BEGIN SELECT RAISE(ABORT, 'webhook subscriptions are kept as created; only disabling changes them'); END;
CREATE TRIGGER webhook_event_types_no_update BEFORE UPDATE ON webhook_event_types BEGIN SELECT RAISE(ABORT, 'webhook subscriptions are kept as created'); END;
CREATE TRIGGER webhook_event_types_no_delete BEFORE DELETE ON webhook_event_types BEGIN SELECT RAISE(ABORT, 'webhook subscriptions are kept as created'); END;
CREATE TRIGGER webhook_deliveries_no_delete BEFORE DELETE ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'webhook deliveries are kept'); END;
CREATE TRIGGER webhook_deliveries_keep_event BEFORE UPDATE OF id, webhook_id, event_id, type, workflow, release_id, subject, payload_json, created_at
    ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'webhook deliveries are kept as enqueued; only their delivery state changes'); END;
CREATE TRIGGER compliance_runs_no_delete BEFORE DELETE ON compliance_runs BEGIN SELECT RAISE(ABORT, 'compliance runs are kept'); END;
CREATE TRIGGER compliance_runs_keep_start BEFORE UPDATE OF id, workflow, scheduled_for, run_trigger, instance, actor, started_at
    ON compliance_runs BEGIN SELECT RAISE(ABORT, 'compliance runs are kept as started; only their end is written'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings BEGIN SELECT RAISE(ABORT, 'findings are kept; resolve them instead'); END;
CREATE TRIGGER findings_keep_definition BEFORE UPDATE OF id, workflow, release_id, policy, severity, owner, message, opened_run, opened_at
    ON findings BEGIN SELECT RAISE(ABORT, 'findings are kept as opened; only their state changes'); END;
CREATE TRIGGER escalations_no_update BEFORE UPDATE ON escalations BEGIN SELECT RAISE(ABORT, 'escalations are kept as written'); END;
CREATE TRIGGER escalations_no_delete BEFORE DELETE ON escalations BEGIN SELECT RAISE(ABORT, 'escalations are kept as written'); END;
