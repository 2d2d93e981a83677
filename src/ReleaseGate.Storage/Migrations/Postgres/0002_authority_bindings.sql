-- Issue 16: an approval binds to the gate version and the definition of its stage, as well as to the release and evidence
-- digests. Approvals stored before this have empty digests: they match no stage definition and no longer count (approve again).
ALTER TABLE approvals ADD COLUMN gate_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN stage_digest TEXT NOT NULL DEFAULT '';

-- A version names one release within its workflow; submissions look versions up here.
CREATE INDEX releases_by_version ON releases (workflow, version);

-- audit verify reads the state-bearing entries by type (LedgerEvents) to compare them with the tables.
CREATE INDEX ledger_by_type ON ledger (type, seq);
