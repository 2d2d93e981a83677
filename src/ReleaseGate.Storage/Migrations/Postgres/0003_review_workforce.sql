-- Issue 18: human review. Items are the cases sampled for review, one row per release, evidence, review, case and definition
-- of the review (group, adjudicator, k: verdicts given under another definition belong to another row); leases
-- reserve an item for a reviewer for a while (operational rows: updated and deleted freely); verdicts are kept like approvals.
CREATE TABLE review_items (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    release_id        BIGINT NOT NULL REFERENCES releases (id),
    review            TEXT NOT NULL,
    suite             TEXT NOT NULL,
    case_id           TEXT NOT NULL,
    reason            TEXT NOT NULL,
    group_name        TEXT NOT NULL,
    adjudicator_group TEXT NOT NULL,
    needed            INTEGER NOT NULL CHECK (needed >= 1),
    evidence_digest   TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('open', 'adjudication', 'settled', 'void')),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (release_id, evidence_digest, review, suite, case_id, group_name, adjudicator_group, needed)
);
-- The queue reads a group's waiting items oldest first, and the adjudication queue its adjudicator group's.
CREATE INDEX review_items_queue ON review_items (group_name, state, id);
CREATE INDEX review_items_adjudication ON review_items (adjudicator_group, state, id);
CREATE INDEX review_items_by_release ON review_items (release_id);
-- The waiting items in age order: the queue walks them in windows, whatever the groups (history stays out of it).
CREATE INDEX review_items_waiting ON review_items (id) WHERE state IN ('open', 'adjudication');

CREATE TABLE review_leases (
    item_id    BIGINT NOT NULL REFERENCES review_items (id),
    reviewer   TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, reviewer)
);
-- The queue first looks for the item a reviewer already holds.
CREATE INDEX review_leases_by_reviewer ON review_leases (reviewer, expires_at);

CREATE TABLE review_verdicts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id         BIGINT NOT NULL REFERENCES review_items (id),
    release_id      BIGINT NOT NULL REFERENCES releases (id),
    reviewer        TEXT NOT NULL,
    pass            BOOLEAN NOT NULL,
    severity        TEXT,
    comment         TEXT NOT NULL,
    add_to_bank     BOOLEAN NOT NULL,
    adjudication    BOOLEAN NOT NULL,
    evidence_digest TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- One person counts once per item (and once more as its adjudicator, which the server does not allow a reviewer of it).
    UNIQUE (item_id, reviewer, adjudication)
);
CREATE INDEX review_verdicts_by_release ON review_verdicts (release_id, id);
-- The queue leaves out the items a reviewer already judged.
CREATE INDEX review_verdicts_by_reviewer ON review_verdicts (reviewer, item_id);

-- Retention: verdicts are kept as given; an item keeps what it was sampled as and only moves between states.
CREATE TRIGGER review_verdicts_no_update BEFORE UPDATE ON review_verdicts FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('review verdicts are kept as given');
CREATE TRIGGER review_verdicts_no_delete BEFORE DELETE ON review_verdicts FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('review verdicts are kept as given');
CREATE TRIGGER review_verdicts_no_truncate BEFORE TRUNCATE ON review_verdicts FOR EACH STATEMENT EXECUTE FUNCTION releasegate_refuse_change('review verdicts are kept as given');
CREATE TRIGGER review_items_no_delete BEFORE DELETE ON review_items FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('review items are kept');
CREATE TRIGGER review_items_keep_sample BEFORE UPDATE OF id, release_id, review, suite, case_id, reason, group_name, adjudicator_group, needed, evidence_digest, created_at
    ON review_items FOR EACH ROW EXECUTE FUNCTION releasegate_refuse_change('review items are kept as sampled; only their state changes');
