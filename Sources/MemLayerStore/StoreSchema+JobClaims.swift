extension StoreSchema {
    /// Version 10 (issue 18; the lead renumbers at merge if another migration lands first): a
    /// claim on an extraction job — who holds it (`host/pid/nonce`, see ``ClaimHolder``) and
    /// until when (Unix seconds) — so that several processes draining one store never run the
    /// model on the same job. Rows of older files have no claim: every queued job is claimable.
    /// The index holds only claimed rows (one per working worker), so each claim finds the
    /// holders it must judge (``ClaimHolder/isGone(_:)``) without scanning the whole queue.
    static let version10 = """
        ALTER TABLE extraction_jobs ADD COLUMN claimed_by TEXT;
        ALTER TABLE extraction_jobs ADD COLUMN lease_until REAL;
        CREATE INDEX extraction_jobs_claimed ON extraction_jobs (claimed_by)
            WHERE claimed_by IS NOT NULL AND finished_at IS NULL;
        """
}
