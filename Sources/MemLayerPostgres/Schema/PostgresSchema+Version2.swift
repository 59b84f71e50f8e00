extension PostgresSchema {
    /// Version 2 (issue 18; the lead renumbers at merge if another migration lands first): an
    /// index on the jobs being claimed, so each claim finds the holders it must judge
    /// (`ClaimHolder.isGone`) among the few claimed rows instead of scanning the whole queue.
    /// Claimed rows are few (one per working worker): a finished or released job drops its claim.
    static let version2 = """
        CREATE INDEX extraction_jobs_claimed ON extraction_jobs (claimed_by)
            WHERE claimed_by IS NOT NULL AND finished_at IS NULL;
        """
}
