-- ReleaseGate schema v1 (PostgreSQL).
-- Retention (DESIGN §7): triggers refuse DELETE of evidence, decisions, approvals, waivers, releases and ledger entries,
-- and UPDATE of ledger entries, result lines, decisions and attachments.

CREATE TABLE workflows (
    name                TEXT PRIMARY KEY,
    risk                TEXT NOT NULL,
    current_gate_digest TEXT,
    baseline_release_id BIGINT,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

CREATE TABLE gate_versions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow   TEXT NOT NULL REFERENCES workflows (name),
    digest     TEXT NOT NULL,
    yaml       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (workflow, digest)
);

CREATE TABLE releases (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow      TEXT NOT NULL REFERENCES workflows (name),
    version       TEXT NOT NULL,
    digest        TEXT NOT NULL,
    manifest_yaml TEXT NOT NULL,
    submitter     TEXT NOT NULL,
    gate_digest   TEXT NOT NULL,
    state         TEXT NOT NULL,
    row_version   BIGINT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (workflow, digest)
);
CREATE INDEX releases_by_workflow ON releases (workflow, id);

CREATE TABLE evidence_runs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id  BIGINT NOT NULL REFERENCES releases (id),
    digest      TEXT NOT NULL,
    source      TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    line_count  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (release_id, digest)
);

CREATE TABLE result_lines (
    run_id     BIGINT NOT NULL,
    line_no    BIGINT NOT NULL,
    suite      TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    repeat     INTEGER NOT NULL,
    target     TEXT NOT NULL,
    pass       BOOLEAN,
    error      TEXT,
    score      DOUBLE PRECISION,
    latency_ms DOUBLE PRECISION,
    cost       DOUBLE PRECISION,
    line       TEXT NOT NULL,
    PRIMARY KEY (run_id, line_no)
);

CREATE TABLE attachments (
    digest     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    content    BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE release_attachments (
    release_id BIGINT NOT NULL REFERENCES releases (id),
    name       TEXT NOT NULL,
    digest     TEXT NOT NULL REFERENCES attachments (digest),
    PRIMARY KEY (release_id, name)
);

CREATE TABLE decisions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id      BIGINT NOT NULL REFERENCES releases (id),
    verdict         TEXT NOT NULL,
    gate_digest     TEXT NOT NULL,
    release_digest  TEXT NOT NULL,
    evidence_digest TEXT NOT NULL,
    baseline_digest TEXT,
    decision_json   TEXT NOT NULL,
    actor           TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_by_release ON decisions (release_id, id);

CREATE TABLE approvals (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id      BIGINT NOT NULL REFERENCES releases (id),
    stage           TEXT NOT NULL,
    actor           TEXT NOT NULL,
    release_digest  TEXT NOT NULL,
    evidence_digest TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    comment         TEXT,
    invalidated     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL
);
-- One person counts once per stage: a second valid approval is a unique violation.
CREATE UNIQUE INDEX approvals_once_per_stage ON approvals (release_id, stage, actor) WHERE NOT invalidated;

CREATE TABLE waivers (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow      TEXT NOT NULL REFERENCES workflows (name),
    check_pattern TEXT NOT NULL,
    release_ref   TEXT,
    reason        TEXT NOT NULL,
    granted_by    TEXT NOT NULL,
    granted_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoked_by    TEXT,
    revoke_reason TEXT
);
CREATE INDEX waivers_by_workflow ON waivers (workflow, id);

CREATE TABLE users (
    name         TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_groups (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    group_name TEXT NOT NULL REFERENCES user_groups (name),
    user_name  TEXT NOT NULL REFERENCES users (name),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_name, user_name)
);
CREATE INDEX memberships_by_user ON memberships (user_name);

CREATE TABLE api_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users (name),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE ledger (
    seq       BIGINT PRIMARY KEY,
    time      TIMESTAMPTZ NOT NULL,
    actor     TEXT NOT NULL,
    type      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX ledger_by_subject ON ledger (subject, seq);

-- The chain's head: the last appended entry. Appends lock it; verify compares it with the last entry to catch a cut-off tail.
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION releasegate_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('ledger entries are append-only');
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('ledger entries are append-only');
CREATE TRIGGER result_lines_no_update BEFORE UPDATE ON result_lines FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('evidence is kept as uploaded');
CREATE TRIGGER result_lines_no_delete BEFORE DELETE ON result_lines FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('evidence is kept as uploaded');
CREATE TRIGGER evidence_runs_no_delete BEFORE DELETE ON evidence_runs FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('evidence is kept as uploaded');
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('decisions are append-only');
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('decisions are append-only');
CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('approvals are kept');
CREATE TRIGGER waivers_no_delete BEFORE DELETE ON waivers FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('waivers are kept; revoke instead');
CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('releases are kept');
CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('attachments are kept as uploaded');
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('attachments are kept as uploaded');
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('ledger entries are append-only');
CREATE TRIGGER result_lines_no_truncate BEFORE TRUNCATE ON result_lines FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('evidence is kept as uploaded');
