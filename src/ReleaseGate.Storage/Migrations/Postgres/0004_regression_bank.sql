-- Issue 19: the regression bank. A case is banked once per workflow and never deleted: it is retired. Its definition (input,
-- fingerprint, severity, provenance) never changes; its state does, and every state it enters is a bank_events row. A duplicate
-- (same fingerprint as a non-retired case) is not banked again: a bank_links row records where it came from.
CREATE TABLE bank_cases (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow          TEXT NOT NULL REFERENCES workflows (name),
    -- Byte order, as on SQLite, so that both databases stream a bank in the same order, by the unique index.
    case_id           TEXT COLLATE "C" NOT NULL,
    fingerprint       TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('active', 'quarantined', 'retired', 'proposed')),
    severity          TEXT NOT NULL,
    case_json         TEXT NOT NULL,
    provenance_json   TEXT NOT NULL,
    -- The provenance's source and reference, read once when banked: a duplicate with the same pair is the same import again.
    source            TEXT,
    reference         TEXT,
    quarantine_reason TEXT,
    quarantine_owner  TEXT,
    quarantine_until  TIMESTAMPTZ,
    retired_reason    TEXT,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    row_version       BIGINT NOT NULL,
    link_count        INTEGER NOT NULL,
    -- Case ids name one case of a workflow's bank, in every state; the index also serves the bank's case-id order.
    UNIQUE (workflow, case_id)
);
-- Two non-retired cases of a workflow never share a fingerprint: the index decides between concurrent adds.
CREATE UNIQUE INDEX bank_cases_live_fingerprint ON bank_cases (workflow, fingerprint) WHERE state <> 'retired';

CREATE TABLE bank_links (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_case_id    BIGINT NOT NULL REFERENCES bank_cases (id),
    case_id         TEXT NOT NULL,
    provenance_json TEXT NOT NULL,
    source          TEXT,
    reference       TEXT,
    actor           TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX bank_links_by_case ON bank_links (bank_case_id, id);

CREATE TABLE bank_events (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bank_case_id     BIGINT NOT NULL REFERENCES bank_cases (id),
    state            TEXT NOT NULL CHECK (state IN ('active', 'quarantined', 'retired', 'proposed')),
    actor            TEXT NOT NULL,
    reason           TEXT NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    quarantine_owner TEXT,
    quarantine_until TIMESTAMPTZ
);
-- The bank as of a time reads each case's last event up to it.
CREATE INDEX bank_events_by_case ON bank_events (bank_case_id, id);

-- Retention: nothing of the bank is deleted; links and events are kept as written; a case keeps what it was banked as.
CREATE TRIGGER bank_cases_no_delete BEFORE DELETE ON bank_cases FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank cases are kept; retire them instead');
CREATE TRIGGER bank_cases_no_truncate BEFORE TRUNCATE ON bank_cases FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('bank cases are kept; retire them instead');
CREATE TRIGGER bank_cases_keep_definition BEFORE UPDATE OF id, workflow, case_id, fingerprint, severity, case_json, provenance_json, source, reference, created_by, created_at
    ON bank_cases FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank cases are kept as banked; only their state changes');
CREATE TRIGGER bank_links_no_update BEFORE UPDATE ON bank_links FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank links are kept as written');
CREATE TRIGGER bank_links_no_delete BEFORE DELETE ON bank_links FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank links are kept as written');
CREATE TRIGGER bank_links_no_truncate BEFORE TRUNCATE ON bank_links FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('bank links are kept as written');
CREATE TRIGGER bank_events_no_update BEFORE UPDATE ON bank_events FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank events are kept as written');
CREATE TRIGGER bank_events_no_delete BEFORE DELETE ON bank_events FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('bank events are kept as written');
CREATE TRIGGER bank_events_no_truncate BEFORE TRUNCATE ON bank_events FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('bank events are kept as written');
