extension StoreSchema {
    /// Version 7 (issue 14; renumbered at merge if another migration lands first): the salience
    /// gate's decision on a chat turn's extraction job is kept on the job's row — `extract` or
    /// `skip`, a short reason that `memlayer stats` counts by, and the gate's full explanation —
    /// and a job the gate decided on is not deleted when it ends but marked `finished_at`, its
    /// payload cut down to the id of the kept turn (no words of the turn stay in it, and forgetting
    /// the turn deletes the record too). Jobs without a decision (documents, notes) are deleted
    /// when they end, as before. The queue is the rows whose `finished_at` is NULL.
    static let version7 = """
        ALTER TABLE extraction_jobs ADD COLUMN gate_decision TEXT CHECK (gate_decision IN ('extract', 'skip'));
        ALTER TABLE extraction_jobs ADD COLUMN gate_reason TEXT;
        ALTER TABLE extraction_jobs ADD COLUMN gate_detail TEXT;
        ALTER TABLE extraction_jobs ADD COLUMN finished_at REAL;
        CREATE INDEX extraction_jobs_queued ON extraction_jobs (created_at, id) WHERE finished_at IS NULL;
        CREATE INDEX extraction_jobs_by_gate ON extraction_jobs (user_id, gate_decision, gate_reason)
            WHERE gate_decision IS NOT NULL;
        """
}
