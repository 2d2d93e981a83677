-- Issue 20: operations. Scheduler leases say which instance runs a background job (operational rows: taken, renewed, expired);
-- webhook subscriptions and their outbox of deliveries; scheduled compliance runs, the findings they open, and escalations.
-- Nothing but a lease is ever deleted; runs, findings and deliveries only move forward; escalations are kept as written.
CREATE TABLE scheduler_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhooks (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Null: every workflow.
    workflow    TEXT,
    -- Set: a callback scoped to one release.
    release_id  BIGINT REFERENCES releases (id),
    url         TEXT NOT NULL,
    -- The event type words as a JSON array, as given; webhook_event_types holds one row per word for matching.
    events      TEXT NOT NULL,
    format      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    disabled_at TIMESTAMPTZ,
    disabled_by TEXT
);

CREATE TABLE webhook_event_types (
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id),
    event      TEXT NOT NULL,
    PRIMARY KEY (webhook_id, event)
);

CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks (id),
    event_id        TEXT NOT NULL,
    type            TEXT NOT NULL,
    workflow        TEXT NOT NULL,
    release_id      BIGINT,
    subject         TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    -- An event is delivered once per subscription, however often it is enqueued.
    UNIQUE (webhook_id, event_id)
);
-- The deliverer claims the due pending deliveries; history stays out of it.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_state ON webhook_deliveries (state, id);

CREATE TABLE compliance_runs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow      TEXT NOT NULL REFERENCES workflows (name),
    scheduled_for TIMESTAMPTZ NOT NULL,
    run_trigger   TEXT NOT NULL CHECK (run_trigger IN ('schedule', 'manual')),
    instance      TEXT NOT NULL,
    actor         TEXT NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ,
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
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow        TEXT NOT NULL REFERENCES workflows (name),
    release_id      BIGINT NOT NULL REFERENCES releases (id),
    policy          TEXT NOT NULL,
    rule_digest     TEXT NOT NULL,
    severity        TEXT NOT NULL,
    owner           TEXT NOT NULL,
    message         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    opened_run      BIGINT NOT NULL REFERENCES compliance_runs (id),
    opened_at       TIMESTAMPTZ NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMPTZ,
    ack_note        TEXT,
    resolved_by     TEXT,
    resolved_at     TIMESTAMPTZ,
    resolution      TEXT,
    resolved_run    BIGINT REFERENCES compliance_runs (id),
    row_version     BIGINT NOT NULL
);
-- One unresolved finding per release and policy: the index decides between concurrent runs.
CREATE UNIQUE INDEX findings_unresolved ON findings (release_id, policy) WHERE state <> 'resolved';
CREATE INDEX findings_by_workflow ON findings (workflow, id);

CREATE TABLE escalations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id    BIGINT NOT NULL REFERENCES releases (id),
    kind          TEXT NOT NULL CHECK (kind IN ('stage', 'review_item')),
    -- The stage name, or the review item's id as text.
    target        TEXT NOT NULL,
    to_group      TEXT NOT NULL,
    level         INTEGER NOT NULL,
    waiting_since TIMESTAMPTZ NOT NULL,
    escalated_at  TIMESTAMPTZ NOT NULL,
    reason        TEXT NOT NULL,
    -- Each level of one waiting period of a waiting thing escalates once (a stage pending again later waits anew); the
    -- review queue looks items up by release, kind and target.
    UNIQUE (release_id, kind, target, waiting_since, level)
);

-- Retention: subscriptions, deliveries, runs, findings and escalations are kept; what was written as a fact stays as written.
CREATE TRIGGER webhooks_no_delete BEFORE DELETE ON webhooks FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept; disable them instead');
CREATE TRIGGER webhooks_no_truncate BEFORE TRUNCATE ON webhooks FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept; disable them instead');
CREATE TRIGGER webhooks_keep_definition BEFORE UPDATE OF id, workflow, release_id, url, events, format, secret, created_by, created_at ON webhooks FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept as created; only disabling changes them');
CREATE TRIGGER webhook_event_types_no_update BEFORE UPDATE ON webhook_event_types FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept as created');
CREATE TRIGGER webhook_event_types_no_delete BEFORE DELETE ON webhook_event_types FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept as created');
CREATE TRIGGER webhook_event_types_no_truncate BEFORE TRUNCATE ON webhook_event_types FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('webhook subscriptions are kept as created');
CREATE TRIGGER webhook_deliveries_no_delete BEFORE DELETE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook deliveries are kept');
CREATE TRIGGER webhook_deliveries_no_truncate BEFORE TRUNCATE ON webhook_deliveries FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('webhook deliveries are kept');
CREATE TRIGGER webhook_deliveries_keep_event BEFORE UPDATE OF id, webhook_id, event_id, type, workflow, release_id, subject, payload_json, created_at ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('webhook deliveries are kept as enqueued; only their delivery state changes');
CREATE TRIGGER compliance_runs_no_delete BEFORE DELETE ON compliance_runs FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('compliance runs are kept');
CREATE TRIGGER compliance_runs_no_truncate BEFORE TRUNCATE ON compliance_runs FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('compliance runs are kept');
CREATE TRIGGER compliance_runs_keep_start BEFORE UPDATE OF id, workflow, scheduled_for, run_trigger, instance, actor, started_at ON compliance_runs FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('compliance runs are kept as started; only their end is written');
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('findings are kept; resolve them instead');
CREATE TRIGGER findings_no_truncate BEFORE TRUNCATE ON findings FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('findings are kept; resolve them instead');
CREATE TRIGGER findings_keep_definition BEFORE UPDATE OF id, workflow, release_id, policy, severity, owner, message, opened_run, opened_at ON findings FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('findings are kept as opened; only their state changes');
CREATE TRIGGER escalations_no_update BEFORE UPDATE ON escalations FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('escalations are kept as written');
CREATE TRIGGER escalations_no_delete BEFORE DELETE ON escalations FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('escalations are kept as written');
CREATE TRIGGER escalations_no_truncate BEFORE TRUNCATE ON escalations FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('escalations are kept as written');
